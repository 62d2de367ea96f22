import type { z } from "zod";
import { csvField } from "../http/csv";
import type { Db } from "../db";
import type { Prisma } from "../db/generated/client";
import type { exportReportsInput } from "./schemas";

/** Stable export columns; README lists them. Changing one breaks users' spreadsheets. */
export const GROUP_EXPORT_COLUMNS = [
  "resolution",
  "window_start",
  "window_end",
  "infra_type",
  "region",
  "sensors",
  "readings",
  "expected",
  "completeness",
  "min",
  "mean",
  "max",
  "stddev",
  "p95",
  "sensors_ok",
  "sensors_late",
  "sensors_silent",
  "alerts_warning",
  "alerts_critical",
] as const;
export const SENSOR_EXPORT_COLUMNS = [
  "resolution",
  "window_start",
  "window_end",
  "infra_type",
  "region",
  "sensor_key",
  "readings",
  "expected",
  "completeness",
  "min",
  "mean",
  "max",
  "stddev",
  "p95",
  "status",
  "alerts_warning",
  "alerts_critical",
] as const;

type Filter = z.output<typeof exportReportsInput>;
type Row = Record<string, string | number | null>;

function groupRecord(r: Prisma.ReportGetPayload<object>): Row {
  return {
    resolution: r.resolution,
    window_start: r.windowStart.toISOString(),
    window_end: r.windowEnd.toISOString(),
    infra_type: r.infraType,
    region: r.region,
    sensors: r.sensorCount,
    readings: r.readings,
    expected: r.expected,
    completeness: r.completeness,
    min: r.min,
    mean: r.mean,
    max: r.max,
    stddev: r.stddev,
    p95: r.p95,
    sensors_ok: r.sensorsOk,
    sensors_late: r.sensorsLate,
    sensors_silent: r.sensorsSilent,
    alerts_warning: r.alertsWarning,
    alerts_critical: r.alertsCritical,
  };
}

function sensorRecords(r: Prisma.ReportGetPayload<{ include: { sensors: true } }>): Row[] {
  return r.sensors.map((s) => ({
    resolution: r.resolution,
    window_start: r.windowStart.toISOString(),
    window_end: r.windowEnd.toISOString(),
    infra_type: r.infraType,
    region: r.region,
    sensor_key: s.sensorKey,
    readings: s.readings,
    expected: s.expected,
    completeness: s.completeness,
    min: s.min,
    mean: s.mean,
    max: s.max,
    stddev: s.stddev,
    p95: s.p95,
    status: s.status,
    alerts_warning: s.alertsWarning,
    alerts_critical: s.alertsCritical,
  }));
}

const csvValue = (v: string | number | null) => (typeof v === "number" ? String(v) : csvField(v));

/** Rows of the filtered reports, oldest first, read in keyset pages on (windowStart, id): memory stays flat however many there are. */
async function* exportRows(db: Db, filter: Filter, batchSize: number): AsyncGenerator<Row[]> {
  const base = { resolution: filter.resolution, infraType: filter.infraType, region: filter.region, windowStart: { gte: filter.from, lt: filter.to } };
  const withSensors = filter.level === "sensor";
  // Sensor level: fewer reports per page, each brings its sensors along.
  const take = withSensors ? Math.max(1, Math.floor(batchSize / 25)) : batchSize;
  let cursor: { windowStart: Date; id: bigint } | undefined;
  for (;;) {
    const rows = await db.report.findMany({
      where: cursor ? { AND: [base, { OR: [{ windowStart: { gt: cursor.windowStart } }, { windowStart: cursor.windowStart, id: { gt: cursor.id } }] }] } : base,
      orderBy: [{ windowStart: "asc" }, { id: "asc" }],
      take,
      include: { sensors: withSensors ? { orderBy: { sensorKey: "asc" } } : false },
    });
    if (rows.length === 0) return;
    yield withSensors ? rows.flatMap(sensorRecords) : rows.map(groupRecord);
    const last = rows[rows.length - 1];
    cursor = { windowStart: last.windowStart, id: last.id };
    if (rows.length < take) return;
  }
}

/** CSV or JSON (an array of objects keyed by the same column names) of any report view, as text chunks for a streamed download. */
export async function* exportReports(db: Db, filter: Filter, batchSize = 2_000): AsyncGenerator<string> {
  const columns = filter.level === "sensor" ? SENSOR_EXPORT_COLUMNS : GROUP_EXPORT_COLUMNS;
  let first = true;
  yield filter.format === "csv" ? `${columns.join(",")}\n` : "[";
  for await (const rows of exportRows(db, filter, batchSize)) {
    if (filter.format === "csv") yield rows.map((r) => columns.map((c) => csvValue(r[c])).join(",") + "\n").join("");
    else {
      yield (first ? "\n" : ",\n") + rows.map((r) => JSON.stringify(r)).join(",\n");
      first = false;
    }
  }
  if (filter.format === "json") yield "\n]\n";
}
