import { IANAZone } from "luxon";
import { z } from "zod";
import { env } from "../env";

const timeZone = z
  .string()
  .trim()
  .min(1, "Choose a time zone")
  .max(64)
  .refine((zone) => IANAZone.isValidZone(zone), "Not an IANA time zone (e.g. UTC, Europe/Berlin)");

const fileContent = z
  .string()
  .min(1, "The file is empty")
  .refine((text) => Buffer.byteLength(text) <= env().IMPORT_MAX_BYTES, { error: () => `The file is larger than ${env().IMPORT_MAX_BYTES} bytes` });

export const previewSensorImportInput = z.object({
  fileName: z.string().trim().min(1).max(255),
  content: fileContent,
  timeZone,
});

export const createSensorImportInput = previewSensorImportInput.extend({
  /** Column name → sensor key, or null to ignore the column; columns left out are ignored. */
  columnMap: z.record(z.string().max(200), z.string().trim().min(1).max(200).nullable()),
  sourceId: z.string().min(1).max(64).nullish(),
});

export const runSensorImportInput = z.object({ importId: z.string().min(1).max(64) }).strict();
