import type { z } from "zod";
import type { Db } from "../db";
import { proposeColumnMap } from "./propose-column-map";
import { readLoggerFileHeaderOrRefuse } from "./read-logger-file-header-or-refuse";
import { readLoggerFileOrRefuse } from "./read-logger-file-or-refuse";
import { previewSensorImportInput } from "./schemas";

const SENSOR_CHOICES = 2_000;

/**
 * Reads an uploaded file's header and proposes a sensor for each column (exact key match, else
 * unmapped), with the row count and time span of the columns it could map, and the sensors to choose from.
 */
export async function previewSensorImport(db: Db, options: z.input<typeof previewSensorImportInput>) {
  const { content, timeZone } = previewSensorImportInput.parse(options);
  const header = await readLoggerFileHeaderOrRefuse(content);
  const proposal = await proposeColumnMap(db, { columns: header.dataColumns.map((c) => c.name) });
  // Checks every row now, in the proposed columns, so a malformed file is refused before any mapping work.
  const { rows, firstAt, lastAt } = await readLoggerFileOrRefuse(content, { timeZone, columns: Object.keys(proposal).filter((c) => proposal[c] !== null) });
  const sensors = await db.sensor.findMany({ where: { state: { not: "retired" } }, select: { key: true, name: true, unit: true }, orderBy: { key: "asc" }, take: SENSOR_CHOICES });
  return {
    format: header.format,
    station: header.station ?? null,
    table: header.table ?? null,
    columns: header.dataColumns.map((c) => ({ name: c.name, unit: c.unit ?? null, processing: c.processing ?? null, sensorKey: proposal[c.name] })),
    unmapped: header.dataColumns.filter((c) => proposal[c.name] === null).map((c) => c.name),
    rows,
    firstAt: new Date(firstAt),
    lastAt: new Date(lastAt),
    sensors,
  };
}
