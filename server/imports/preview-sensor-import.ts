import type { z } from "zod";
import type { Db } from "../db";
import { proposeColumnMap } from "./propose-column-map";
import { scanLoggerFile } from "./scan-logger-file";
import { previewSensorImportInput } from "./schemas";

const SENSOR_CHOICES = 2_000;

/**
 * Reads an uploaded file and proposes a sensor for each column (exact key match, else unmapped),
 * with the row count, time span and report of the columns it could map, and the sensors to choose from.
 */
export async function previewSensorImport(db: Db, options: z.input<typeof previewSensorImportInput>) {
  const { contentBase64, timeZone, readOptions } = previewSensorImportInput.parse(options);
  const bytes = Buffer.from(contentBase64, "base64");
  const first = await scanLoggerFile(bytes, { ...readOptions, timeZone, columns: [] });
  const proposal = await proposeColumnMap(db, { columns: first.columns.map((c) => c.name) });
  // Reads every row again in the proposed columns, so a malformed cell is refused before any mapping work.
  const { header, columns, report } = await scanLoggerFile(bytes, {
    ...readOptions,
    timeZone,
    columns: Object.keys(proposal).filter((c) => proposal[c] !== null),
  });
  const sensors = await db.sensor.findMany({
    where: { state: { not: "retired" } },
    select: { key: true, name: true, unit: true },
    orderBy: { key: "asc" },
    take: SENSOR_CHOICES,
  });
  return {
    format: header.format,
    station: header.station ?? null,
    table: header.table ?? null,
    columns: columns.map((c) => ({ name: c.name, unit: c.unit ?? null, processing: c.processing ?? null, sensorKey: proposal[c.name] ?? null })),
    unmapped: columns.filter((c) => !proposal[c.name]).map((c) => c.name),
    rows: report.rows,
    firstAt: new Date(report.firstAt!),
    lastAt: new Date(report.lastAt!),
    report,
    sensors,
  };
}
