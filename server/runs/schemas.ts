import { z } from "zod";

export const runStatusSchema = z.enum(["queued", "running", "succeeded", "failed", "dead", "cancelled"]);
export const runTriggerSchema = z.enum(["schedule", "manual", "rerun", "replay", "event", "workflow"]);

/** The columns run history sorts by; each pages by keyset on (column, id); a null sorts as the largest value. */
export const runSortSchema = z.enum(["queuedAt", "startedAt", "finishedAt", "attempts"]);

/** What run history shows: the filter and the order; the page and the CSV download take the same. */
export const runFilterInput = z.object({
  definitionId: z.string().max(64).optional(),
  kind: z.string().max(64).optional(),
  status: runStatusSchema.optional(),
  trigger: runTriggerSchema.optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  /** A run id, a job name, or text in the parameters. */
  search: z.string().trim().min(3, "Search for at least 3 characters").max(200).optional(),
  sort: runSortSchema.default("queuedAt"),
  dir: z.enum(["asc", "desc"]).default("desc"),
});

const isoCursor = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)?\|[\w-]{1,80}$/;
const countCursor = /^\d{1,9}\|[\w-]{1,80}$/;

export const listRunsInput = runFilterInput
  .extend({
    /** Where the previous page ended: the sort column's value (empty when null) and the run id. */
    cursor: z.string().max(120).optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .refine((v) => !v.cursor || (v.sort === "attempts" ? countCursor : isoCursor).test(v.cursor), { message: "Invalid cursor", path: ["cursor"] });

export const runIdsInput = z.object({ ids: z.array(z.string().min(1).max(80)).min(1).max(500) });
export const runIdInput = z.object({ id: z.string().min(1).max(80) });
export const rerunInput = z.object({ ids: z.array(z.string().min(1).max(80)).min(1).max(500), params: z.record(z.string(), z.unknown()).optional() });
