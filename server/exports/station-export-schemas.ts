import { z } from "zod";

/** Earlier or later than any reading a station can hold: such a period is a typo, not a request. */
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);

export const STATION_EXPORT_FORMATS = ["windographer-txt", "csv", "long"] as const;
export const CSV_DELIMITERS = [",", ";", "tab"] as const;
export const DECIMAL_SEPARATORS = [".", ","] as const;
export const FLAGGED_MODES = ["remove", "blank", "flag-column"] as const;

export const requestStationExportInput = z
  .object({
    stationId: z.string().trim().min(1).max(64),
    /** Inclusive. */
    from: z.coerce.date(),
    /** Exclusive. */
    to: z.coerce.date(),
    format: z.enum(STATION_EXPORT_FORMATS),
    /** CSV only; the Windographer text file is tab-delimited and the long format comma-delimited, both with ".". */
    delimiter: z.enum(CSV_DELIMITERS).optional(),
    decimal: z.enum(DECIMAL_SEPARATORS).optional(),
    values: z.enum(["raw", "calibrated"]).default("calibrated"),
    flagged: z.enum(FLAGGED_MODES).default("remove"),
  })
  .strict()
  .refine((p) => !Number.isNaN(p.from.getTime()) && !Number.isNaN(p.to.getTime()) && p.from.getTime() >= EARLIEST && p.to.getTime() <= LATEST, {
    error: "The period must lie between 1970 and 2100.",
    path: ["from"],
  })
  .refine((p) => p.from < p.to, { error: "The period must end after it starts.", path: ["to"] })
  .refine((p) => p.format === "csv" || (p.delimiter === undefined && p.decimal === undefined), {
    error: "Only CSV takes a delimiter and a decimal separator.",
    path: ["delimiter"],
  })
  .refine((p) => !(p.delimiter === "," && p.decimal === ","), {
    error: "A comma cannot be both the delimiter and the decimal separator: choose ; or tab.",
    path: ["decimal"],
  });

export type StationExportParams = z.output<typeof requestStationExportInput>;
export type FlaggedMode = (typeof FLAGGED_MODES)[number];

/** How a file is laid out, resolved from the request: the writers take only this. */
export interface StationFileLayout {
  format: StationExportParams["format"];
  delimiter: string;
  decimal: "." | ",";
  flagged: FlaggedMode;
}

export function stationFileLayout(params: Pick<StationExportParams, "format" | "delimiter" | "decimal" | "flagged">): StationFileLayout {
  const delimiter =
    params.format === "windographer-txt" ? "\t" : params.format === "long" ? "," : params.delimiter === "tab" ? "\t" : (params.delimiter ?? ",");
  return { format: params.format, delimiter, decimal: params.format === "csv" ? (params.decimal ?? ".") : ".", flagged: params.flagged };
}

export const stationExportsListInput = z.object({ stationId: z.string().trim().min(1).max(64) }).strict();
export const runStationExportInput = z.object({ exportId: z.string().min(1).max(64) }).strict();
