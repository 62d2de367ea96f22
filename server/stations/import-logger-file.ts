import type { z } from "zod";
import type { Db } from "../db";
import { createSensorImport } from "../imports/create-sensor-import";
import { holdLoggerFile } from "./hold-logger-file";
import { readLoggerFileColumns } from "./read-logger-file-columns";
import { loggerFileInput } from "./schemas";
import { settleLoggerColumns } from "./settle-logger-columns";

export type ImportLoggerFileOptions = z.input<typeof loggerFileInput> & {
  createdBy?: string;
  sourceId?: string | null;
  /** An ingest source's unknown-column policy: "register" maps every new column as its name proposes. */
  unknownColumns?: "register" | "refuse";
  /** Received without a person (upload API, inbox): a file with no mapped column yet is kept as "held", not returned for a decision. */
  holdUnmapped?: boolean;
};

/**
 * Imports a file of a station's logger. Columns are mapped once per logger: the first file's columns
 * come back as proposals for the operator to confirm (or, for a "register" source, are mapped as
 * proposed); later files import at once, and a column never seen before is held (listed, its file
 * kept) until someone maps or ignores it, never dropped silently.
 */
export async function importLoggerFile(db: Db, options: ImportLoggerFileOptions) {
  const { loggerId, fileName, contentBase64, readOptions, timeZone: zoneOverride, decisions } = loggerFileInput.parse(options);
  const bytes = Buffer.from(contentBase64, "base64");
  const first = await readLoggerFileColumns(db, { loggerId, bytes, readOptions, timeZone: zoneOverride });
  const decide = decisions.filter((d) => first.columns.some((c) => c.name === d.name && c.state !== "mapped"));
  if (options.unknownColumns === "register") {
    for (const c of first.columns) {
      if (c.state === "new" && !decide.some((d) => d.name === c.name)) decide.push({ action: "map", name: c.name, ...c.proposal });
    }
  }
  const hints = new Map(first.columns.map((c) => [c.name, { unit: c.unit ?? undefined, processing: c.processing ?? undefined }]));
  // Settled as on the station page: files kept for these columns (a held upload of the same logger) go ahead too.
  if (decide.length) await settleLoggerColumns(db, { loggerId, decisions: decide, hints, createdBy: options.createdBy });
  const { columns, timeZone, report, header } = decide.length
    ? await readLoggerFileColumns(db, { loggerId, bytes, readOptions, timeZone: zoneOverride })
    : first;

  const fresh = columns.filter((c) => c.state === "new");
  for (const c of fresh) {
    await db.loggerColumn.create({ data: { loggerId, name: c.name, state: "held", proposal: c.proposal as object, unit: c.unit, processing: c.processing } });
  }
  const held = columns.filter((c) => c.state === "new" || c.state === "held").map((c) => c.name);
  const mapped = columns.filter((c) => c.state === "mapped" && c.sensorKey);
  if (mapped.length === 0 && options.holdUnmapped) {
    const kept = await holdLoggerFile(db, {
      loggerId,
      fileName,
      bytes,
      timeZone,
      readOptions: first.readOptions,
      format: header.format,
      report,
      heldColumns: held,
      sourceId: options.sourceId,
      createdBy: options.createdBy,
    });
    return { needsMapping: false as const, ...kept, held };
  }
  if (mapped.length === 0) {
    return {
      needsMapping: true as const,
      format: header.format,
      rows: report.rows,
      firstAt: report.firstAt,
      lastAt: report.lastAt,
      report,
      columns: columns.map((c) => ({ ...c, state: c.state === "new" ? ("held" as const) : c.state })),
    };
  }
  const created = await createSensorImport(db, {
    fileName,
    contentBase64,
    timeZone,
    readOptions: first.readOptions,
    columnMap: Object.fromEntries(mapped.map((c) => [c.name, c.sensorKey])),
    sourceId: options.sourceId,
    createdBy: options.createdBy,
    loggerId,
    heldColumns: held,
  });
  return { needsMapping: false as const, ...created, held };
}
