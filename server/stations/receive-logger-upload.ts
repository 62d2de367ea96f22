import { z } from "zod";
import type { Db } from "../db";
import { DomainError } from "../errors";
import { loggerReadOptions } from "../imports/schemas";
import { scanLoggerFile } from "../imports/scan-logger-file";
import { importLoggerFile } from "./import-logger-file";
import { loggerFileInput } from "./schemas";

/** The query of `POST /api/imports`: the file's name, its logger (id or serial; a TOA5 file names its own), and per-file reading options. */
export const loggerUploadQuery = z
  .object({
    name: loggerFileInput.shape.fileName,
    logger: z.string().trim().min(1).max(100).optional(),
    timeFormat: loggerReadOptions.shape.timeFormat,
    timeZone: loggerFileInput.shape.timeZone,
  })
  .strict();

export interface LoggerUploadOptions {
  bytes: Buffer;
  query: z.input<typeof loggerUploadQuery>;
  /** An ingest source's upload: its unknown-sensor policy applies to unknown columns. */
  source?: { id: string; unknownSensors: "register" | "refuse" } | null;
  /** Without a source (the inbox folder): what to do with columns never seen before. */
  unknownColumns?: "register" | "refuse";
  createdBy?: string;
}

async function findLogger(db: Db, ref: string | undefined, bytes: Buffer) {
  const serial = ref ?? (await scanLoggerFile(bytes, { timeZone: "UTC", columns: [] })).header.loggerSerial;
  if (!serial)
    throw new DomainError("INVALID", "Say which logger the file is from: logger=<id or serial> (only TOA5 files name their logger).", { field: "logger" });
  const found = await db.logger.findMany({ where: { OR: [{ id: serial }, { serial }] }, select: { id: true }, take: 2 });
  if (found.length === 0) throw new DomainError("NOT_FOUND", `No logger "${serial}": add it to its station first.`, { field: "logger" });
  if (found.length > 1) throw new DomainError("INVALID", `More than one logger has serial "${serial}": pass logger=<id>.`, { field: "logger" });
  return found[0].id;
}

/**
 * A logger file arriving without the console (upload API, inbox folder): imported as its logger's
 * mapping says, columns never seen before held, or — for a `register` source — mapped as their
 * names propose; a first file with nothing mapped is kept as a held import for someone to map.
 */
export async function receiveLoggerUpload(db: Db, options: LoggerUploadOptions) {
  const query = loggerUploadQuery.parse(options.query);
  if (options.bytes.length === 0) throw new DomainError("INVALID", "The file is empty.");
  const loggerId = await findLogger(db, query.logger, options.bytes);
  const result = await importLoggerFile(db, {
    loggerId,
    fileName: query.name,
    contentBase64: options.bytes.toString("base64"),
    readOptions: query.timeFormat ? { timeFormat: query.timeFormat } : {},
    timeZone: query.timeZone,
    sourceId: options.source?.id ?? null,
    unknownColumns: options.source?.unknownSensors ?? options.unknownColumns ?? "refuse",
    holdUnmapped: true,
    createdBy: options.createdBy,
  });
  if (result.needsMapping) throw new Error("a held upload always yields an import");
  return { id: result.import.id, status: result.import.status, alreadyImported: result.alreadyImported, held: result.held };
}
