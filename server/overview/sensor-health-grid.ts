import type { Db } from "../db";
import { sensorStatusFactors, type SensorStatus } from "../sensors/sensor-status";

export interface SensorHealthCell {
  region: string;
  infraType: string;
  counts: Record<SensorStatus, number>;
}

/** Sensors OK / LATE / SILENT per region × infrastructure type, with the thresholds of sensorStatus, in one grouped query. */
/** Regions shown at most: the ones with the most LATE, then SILENT sensors (what is going wrong now), then by name. */
export const GRID_MAX_REGIONS = 40;

export async function sensorHealthGrid(
  db: Db,
): Promise<{ regions: string[]; moreRegions: number; infraTypes: string[]; cells: SensorHealthCell[]; totals: Record<SensorStatus, number> }> {
  const rows = await db.$queryRaw<Array<{ region: string; infraType: string; status: SensorStatus; n: number }>>`
    SELECT region, "infraType",
      CASE
        WHEN "lastReadingAt" IS NULL OR "lastReadingAt" < now() - make_interval(secs => "intervalSeconds" * ${sensorStatusFactors.silent}::float8) THEN 'SILENT'
        WHEN "lastReadingAt" < now() - make_interval(secs => "intervalSeconds" * ${sensorStatusFactors.late}::float8) THEN 'LATE'
        ELSE 'OK'
      END AS status,
      count(*)::int AS n
    FROM "Sensor" GROUP BY 1, 2, 3`;
  const cells = new Map<string, SensorHealthCell>();
  const totals: Record<SensorStatus, number> = { OK: 0, LATE: 0, SILENT: 0 };
  for (const r of rows) {
    const key = `${r.region}\u0000${r.infraType}`;
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = { region: r.region, infraType: r.infraType, counts: { OK: 0, LATE: 0, SILENT: 0 } }));
    cell.counts[r.status] += r.n;
    totals[r.status] += r.n;
  }
  const byRegion = new Map<string, Record<SensorStatus, number>>();
  for (const c of cells.values()) {
    const sum = byRegion.get(c.region) ?? { OK: 0, LATE: 0, SILENT: 0 };
    for (const s of ["OK", "LATE", "SILENT"] as const) sum[s] += c.counts[s];
    byRegion.set(c.region, sum);
  }
  const ranked = [...byRegion.entries()].sort(([a, x], [b, y]) => y.LATE - x.LATE || y.SILENT - x.SILENT || (a < b ? -1 : 1)).map(([r]) => r);
  const shown = new Set(ranked.slice(0, GRID_MAX_REGIONS));
  const list = [...cells.values()].filter((c) => shown.has(c.region));
  return {
    regions: [...shown].sort(),
    moreRegions: ranked.length - shown.size,
    infraTypes: [...new Set(list.map((c) => c.infraType))].sort(),
    cells: list,
    totals,
  };
}
