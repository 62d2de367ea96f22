import type { z } from "zod";
import type { Db } from "../db";
import { DomainError, notFound } from "../errors";
import { createSensorImport } from "../imports/create-sensor-import";
import type { LoggerReadOptions } from "../imports/schemas";
import type { importIdInput } from "./schemas";

/**
 * The operator's word that a file's values win where they conflict with an earlier file's: the kept
 * original is imported again with the same mapping, this time replacing the stored readings.
 */
export async function replaceFileConflicts(db: Db, options: z.infer<typeof importIdInput> & { createdBy?: string }) {
  const file = await db.sensorImport.findUnique({ where: { id: options.importId } });
  if (!file?.loggerId) throw notFound("Import");
  const conflicts = (file.report as { crossFileConflicts?: { count: number } } | null)?.crossFileConflicts?.count ?? 0;
  if (file.status !== "succeeded" || conflicts === 0) throw new DomainError("INVALID", "This file has no conflicting values to replace.");
  if (!file.original) throw new DomainError("INVALID", "The original of this file is no longer kept (logger files retention): upload it again.");
  const columnMap = Object.fromEntries(Object.entries(file.columnMap as Record<string, string | null>).filter((e): e is [string, string] => e[1] !== null));
  return createSensorImport(db, {
    fileName: file.fileName,
    contentBase64: Buffer.from(file.original).toString("base64"),
    timeZone: file.timeZone,
    readOptions: file.readOptions as LoggerReadOptions,
    columnMap,
    loggerId: file.loggerId,
    createdBy: options.createdBy,
    keepOriginal: false,
    replaceConflicts: true,
  });
}
