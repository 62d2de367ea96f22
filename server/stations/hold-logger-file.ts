import { createHash } from "node:crypto";
import { recordChange } from "../audit/audit-scope";
import type { Db } from "../db";
import { importSummarySelect } from "../imports/create-sensor-import";
import type { LoggerFileReport } from "../imports/logger-file-report";
import type { LoggerReadOptions } from "../imports/schemas";

/**
 * Keeps a file that arrived without a person while none of its logger's columns is mapped yet: an
 * import in state "held", its content stored, its columns listed as held. Mapping them on the station
 * page queues this same import (settleLoggerColumns), so an API client polling its id sees it through.
 * The same file again for the same logger, still held, is the same import.
 */
export async function holdLoggerFile(
  db: Db,
  options: {
    loggerId: string;
    fileName: string;
    bytes: Buffer;
    timeZone: string;
    readOptions: LoggerReadOptions;
    format: string;
    report: LoggerFileReport;
    heldColumns: string[];
    sourceId?: string | null;
    createdBy?: string;
  },
) {
  const sha256 = createHash("sha256").update(options.bytes).digest("hex");
  const same = await db.sensorImport.findFirst({ where: { sha256, loggerId: options.loggerId, status: "held" }, select: importSummarySelect });
  if (same) return { alreadyImported: true as const, import: same };
  const { report } = options;
  const held = await db.sensorImport.create({
    data: {
      fileName: options.fileName,
      sha256,
      format: options.format,
      timeZone: options.timeZone,
      readOptions: options.readOptions,
      columnMap: {},
      sourceId: options.sourceId ?? null,
      loggerId: options.loggerId,
      heldColumns: options.heldColumns,
      status: "held",
      content: new Uint8Array(options.bytes),
      original: new Uint8Array(options.bytes),
      originalBytes: options.bytes.length,
      rows: report.rows,
      firstAt: report.firstAt === null ? null : new Date(report.firstAt),
      lastAt: report.lastAt === null ? null : new Date(report.lastAt),
      report: { ...report },
      createdBy: options.createdBy,
    },
    select: importSummarySelect,
  });
  recordChange({
    targetType: "sensorImport",
    targetId: held.id,
    after: { fileName: options.fileName, sha256, status: "held", heldColumns: options.heldColumns },
  });
  return { alreadyImported: false as const, import: held };
}
