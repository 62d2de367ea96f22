import { z } from "zod";

const DAY_MS = 24 * 60 * 60_000;
/** A longer period is a bulk job for the database's own tools, not a console download. */
export const MAX_EXPORT_DAYS = 366;

const name = z.string().trim().min(1).max(100);

export const requestReadingsExportInput = z
  .object({
    infraType: name.optional(),
    region: name.optional(),
    sensorKeys: z.array(z.string().trim().min(1).max(200)).max(500).optional(),
    /** Inclusive. */
    from: z.coerce.date(),
    /** Exclusive. */
    to: z.coerce.date(),
  })
  .strict()
  .refine((p) => p.infraType || p.region || p.sensorKeys?.length, { error: "Choose an infrastructure type, a region or sensor keys.", path: ["sensorKeys"] })
  .refine((p) => p.from < p.to, { error: "The period must end after it starts.", path: ["to"] })
  .refine((p) => p.to.getTime() - p.from.getTime() <= MAX_EXPORT_DAYS * DAY_MS, {
    error: `The period may span at most ${MAX_EXPORT_DAYS} days.`,
    path: ["to"],
  });

export type ReadingsExportParams = z.output<typeof requestReadingsExportInput>;

/** What the job carries: only the row's id; the params live in the row. */
export const runReadingsExportInput = z.object({ exportId: z.string().min(1).max(64) }).strict();

export const readingsExportIdInput = z.object({ id: z.string().min(1).max(64) }).strict();
