import { z } from "zod";

/** The columns the dead-letter table sorts by; each pages by keyset on (column, id). */
export const deadLetterSortSchema = z.enum(["createdAt", "attempts"]);

export const deadLetterStateSchema = z.enum(["pending", "replayed", "discarded", "all"]);

export const deadLetterFilterInput = z.object({
  id: z.string().max(64).optional(),
  kind: z.string().max(64).optional(),
  definitionId: z.string().max(64).optional(),
  jobName: z.string().max(100).optional(),
  errorGroup: z.string().max(200).optional(),
  /** A letter or run id, or text in the job name or the last error. */
  search: z.string().trim().min(3, "Search for at least 3 characters").max(200).optional(),
  state: deadLetterStateSchema.default("pending"),
});

/** What the dead-letter table shows: the filter and the order; the page and the CSV download take the same. */
export const deadLetterViewInput = deadLetterFilterInput.extend({
  sort: deadLetterSortSchema.default("createdAt"),
  dir: z.enum(["asc", "desc"]).default("desc"),
});

export const listDeadLettersInput = deadLetterViewInput.extend({
  /** The id of the last letter of the previous page. */
  cursor: z.string().min(1).max(64).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});

/** Replay or discard: explicit ids, or everything matching a filter. */
export const deadLetterSelectionInput = z.union([
  z.object({ ids: z.array(z.string().min(1).max(64)).min(1).max(1_000) }),
  z.object({ filter: deadLetterFilterInput.omit({ state: true }) }),
]);

export const discardDeadLettersInput = z.object({ selection: deadLetterSelectionInput, reason: z.string().trim().min(3, "Give a reason").max(500) });
