import { z } from "zod";
import { env } from "../env";
import { loggerFileEncodings } from "./decode-logger-bytes";
import { loggerZone } from "./logger-time-formats";

const timeZone = z
  .string()
  .trim()
  .min(1, "Choose a time zone")
  .max(64)
  .refine((zone) => loggerZone(zone) !== null, "Not an IANA time zone or UTC offset (e.g. UTC, Europe/Berlin, +01:00)");

/** The file's bytes, base64 (any encoding travels intact). */
const fileContent = z
  .string()
  .min(1, "The file is empty")
  .max(Math.ceil((env().IMPORT_MAX_BYTES * 4) / 3) + 4, { error: () => `The file is larger than ${env().IMPORT_MAX_BYTES} bytes` })
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, "The file must be sent as base64");

/** How to read a file where it cannot tell by itself; every field optional. */
export const loggerReadOptions = z
  .object({
    /** luxon tokens, e.g. "dd/MM/yyyy HH:mm" or "yyyy-MM-dd HH:mm:ssZZ". */
    timeFormat: z.string().trim().min(1).max(64).optional(),
    encoding: z.enum(loggerFileEncodings).optional(),
    delimiter: z.enum([",", ";", "\t", "|"]).optional(),
    skipRows: z.number().int().min(0).max(100).optional(),
    decimalSeparator: z.enum([".", ","]).optional(),
    timestampsAtEnd: z.boolean().optional(),
    averagingSeconds: z.number().int().min(1).max(86_400).optional(),
    missingValues: z.array(z.string().max(20)).max(10).optional(),
  })
  .strict();

export type LoggerReadOptions = z.infer<typeof loggerReadOptions>;

export const previewSensorImportInput = z.object({
  fileName: z.string().trim().min(1).max(255),
  contentBase64: fileContent,
  timeZone,
  readOptions: loggerReadOptions.default({}),
});

export const createSensorImportInput = previewSensorImportInput.extend({
  /** Column name → sensor key, or null to ignore the column; columns left out are ignored. */
  columnMap: z.record(z.string().max(200), z.string().trim().min(1).max(200).nullable()),
  sourceId: z.string().min(1).max(64).nullish(),
});

/** The `<id>` of `/api/imports/<id>` routes: a word-ish id, so nothing path-like reaches a query. */
export const importIdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[\w-]+$/),
});

export const runSensorImportInput = z.object({ importId: z.string().min(1).max(64) }).strict();
