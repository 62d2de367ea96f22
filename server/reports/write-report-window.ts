import { Prisma } from "../db/generated/client";
import { inTransaction, type Db, type Tx } from "../db";
import { parentResolutions, windowStartOf, windowEndOf, type ReportResolution } from "./report-windows";
import type { GroupReportRow } from "./report-rows";

const GROUP_FIGURES = [
  "sensorCount",
  "readings",
  "expected",
  "completeness",
  "min",
  "mean",
  "max",
  "stddev",
  "p95",
  "sensorsOk",
  "sensorsLate",
  "sensorsSilent",
  "alertsWarning",
  "alertsCritical",
] as const;
const SENSOR_FIGURES = ["readings", "expected", "completeness", "min", "mean", "max", "stddev", "p95", "status", "alertsWarning", "alertsCritical"] as const;
const SENSOR_ROWS_PER_STATEMENT = 5_000;
const SENSOR_RECORD = Prisma.raw(
  `"reportId" bigint, "sensorKey" text, readings int, expected float8, completeness float8, min float8, mean float8, max float8, stddev float8, p95 float8, status text, "alertsWarning" int, "alertsCritical" int`,
);

const columns = (names: readonly string[]) => Prisma.raw(names.map((n) => `"${n}"`).join(", "));
const excluded = (names: readonly string[]) => Prisma.raw(names.map((n) => `"${n}" = EXCLUDED."${n}"`).join(", "));
// Only rows whose figures differ are touched, so regenerating an unchanged window writes nothing.
const differs = (table: string, names: readonly string[]) =>
  Prisma.raw(`(${names.map((n) => `${table}."${n}"`).join(", ")}) IS DISTINCT FROM (${names.map((n) => `EXCLUDED."${n}"`).join(", ")})`);

export interface WriteReportWindowOptions {
  resolution: ReportResolution;
  windowStart: number;
  windowEnd: number;
  groups: readonly GroupReportRow[];
  rawReadings?: number;
  /** The window's dirty mark when its build started: cleared only if no newer change came in meanwhile. */
  builtFromDirtySince?: Date | null;
}

/** Runs inside a window's transaction once its reports are stored (e.g. to record coverage). */
export type ReportWindowHook = (tx: Tx, window: WriteReportWindowOptions) => Promise<void>;

async function upsertGroups(tx: Tx, o: WriteReportWindowOptions): Promise<number> {
  if (o.groups.length === 0) return 0;
  const values = o.groups.map(
    (g) =>
      Prisma.sql`(${o.resolution}, ${new Date(o.windowStart)}, ${new Date(o.windowEnd)}, ${g.infraType}, ${g.region}, ${Prisma.join(GROUP_FIGURES.map((f) => g[f]))})`,
  );
  return tx.$executeRaw`
    INSERT INTO "Report" (resolution, "windowStart", "windowEnd", "infraType", region, ${columns(GROUP_FIGURES)})
    VALUES ${Prisma.join(values)}
    ON CONFLICT (resolution, "windowStart", "infraType", region)
    DO UPDATE SET ${excluded(GROUP_FIGURES)}, "windowEnd" = EXCLUDED."windowEnd", "generatedAt" = now()
    WHERE ${differs(`"Report"`, GROUP_FIGURES)}`;
}

async function upsertSensors(tx: Tx, o: WriteReportWindowOptions, ids: Map<string, bigint>): Promise<number> {
  const rows = o.groups.flatMap((g) => g.sensors.map((s) => ({ ...s, reportId: ids.get(JSON.stringify([g.infraType, g.region]))! })));
  let changed = 0;
  for (let i = 0; i < rows.length; i += SENSOR_ROWS_PER_STATEMENT) {
    // One JSON parameter instead of thousands of bound values: far less work per row on both sides.
    const json = JSON.stringify(rows.slice(i, i + SENSOR_ROWS_PER_STATEMENT), (_, v) => (typeof v === "bigint" ? v.toString() : v));
    changed += await tx.$executeRaw`
      INSERT INTO "ReportSensor" ("reportId", "sensorKey", ${columns(SENSOR_FIGURES)})
      SELECT "reportId", "sensorKey", ${columns(SENSOR_FIGURES)} FROM json_to_recordset(${json}::json) AS x(${SENSOR_RECORD})
      ON CONFLICT ("reportId", "sensorKey") DO UPDATE SET ${excluded(SENSOR_FIGURES)}
      WHERE ${differs(`"ReportSensor"`, SENSOR_FIGURES)}`;
  }
  // Sensors that left a group since the last build leave its report too; the count spares the delete when none did.
  const stored = await tx.reportSensor.count({ where: { reportId: { in: [...ids.values()] } } });
  if (stored > rows.length) {
    const keep = rows.map((s) => Prisma.sql`(${s.reportId}::bigint, ${s.sensorKey}::text)`);
    changed += await tx.$executeRaw`
      DELETE FROM "ReportSensor" rs WHERE rs."reportId" IN (${Prisma.join([...ids.values()])})
      ${keep.length ? Prisma.sql`AND (rs."reportId", rs."sensorKey") NOT IN (${Prisma.join(keep)})` : Prisma.empty}`;
  }
  return changed;
}

async function markParentsDirty(tx: Tx, resolution: ReportResolution, windowStart: number): Promise<void> {
  for (const parent of parentResolutions[resolution]) {
    const start = windowStartOf(parent, windowStart);
    await tx.$executeRaw`
      INSERT INTO "ReportWindow" (resolution, "windowStart", "windowEnd", "dirtySince")
      VALUES (${parent}, ${new Date(start)}, ${new Date(windowEndOf(parent, start))}, clock_timestamp())
      ON CONFLICT (resolution, "windowStart") DO UPDATE SET "dirtySince" = clock_timestamp()`;
  }
}

/**
 * Stores one window's reports in one transaction: upserts the group and sensor rows (a rerun
 * replaces, never duplicates, and leaves unchanged rows untouched), removes groups and sensors
 * no longer present, records the window as built, and marks the coarser windows that contain
 * it dirty when anything changed. Returns whether anything changed.
 */
export async function writeReportWindow(db: Db, o: WriteReportWindowOptions, onWritten?: ReportWindowHook): Promise<{ changed: boolean }> {
  return inTransaction(db, async (tx) => {
    let changed = await upsertGroups(tx, o);
    const stored = await tx.report.findMany({
      where: { resolution: o.resolution, windowStart: new Date(o.windowStart) },
      select: { id: true, infraType: true, region: true },
    });
    const wanted = new Set(o.groups.map((g) => JSON.stringify([g.infraType, g.region])));
    const gone = stored.filter((r) => !wanted.has(JSON.stringify([r.infraType, r.region]))).map((r) => r.id);
    if (gone.length) changed += (await tx.report.deleteMany({ where: { id: { in: gone } } })).count;
    const ids = new Map(stored.filter((r) => !gone.includes(r.id)).map((r) => [JSON.stringify([r.infraType, r.region]), r.id]));
    if (ids.size) changed += await upsertSensors(tx, o, ids);

    const key = { resolution_windowStart: { resolution: o.resolution, windowStart: new Date(o.windowStart) } };
    const bookkeeping = { generatedAt: new Date(), ...(o.rawReadings === undefined ? {} : { rawReadings: o.rawReadings }) };
    await tx.reportWindow.upsert({
      where: key,
      create: { resolution: o.resolution, windowStart: new Date(o.windowStart), windowEnd: new Date(o.windowEnd), ...bookkeeping },
      update: bookkeeping,
    });
    if (o.builtFromDirtySince) {
      await tx.reportWindow.updateMany({
        where: { resolution: o.resolution, windowStart: new Date(o.windowStart), dirtySince: o.builtFromDirtySince },
        data: { dirtySince: null },
      });
    }
    if (changed > 0) await markParentsDirty(tx, o.resolution, o.windowStart);
    await onWritten?.(tx, o);
    return { changed: changed > 0 };
  });
}
