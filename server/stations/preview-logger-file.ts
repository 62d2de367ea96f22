import type { z } from "zod";
import type { Db } from "../db";
import { readLoggerFileColumns } from "./read-logger-file-columns";
import { loggerFileInput } from "./schemas";

/** What a file of this logger holds and how each column would import: for the one mapping table. */
export async function previewLoggerFile(db: Db, options: z.input<typeof loggerFileInput>) {
  const { loggerId, contentBase64, readOptions, timeZone } = loggerFileInput.parse(options);
  const { header, report, columns } = await readLoggerFileColumns(db, { loggerId, bytes: Buffer.from(contentBase64, "base64"), readOptions, timeZone });
  return { format: header.format, station: header.station ?? null, rows: report.rows, firstAt: report.firstAt, lastAt: report.lastAt, report, columns };
}
