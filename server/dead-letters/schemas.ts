import { z } from "zod";

export const deadLetterFilterInput = z.object({
  id: z.string().max(64).optional(),
  kind: z.string().max(64).optional(),
  definitionId: z.string().max(64).optional(),
  jobName: z.string().max(100).optional(),
  errorGroup: z.string().max(200).optional(),
  state: z.enum(["pending", "replayed", "discarded", "all"]).default("pending"),
});

/** Replay or discard: explicit ids, or everything matching a filter. */
export const deadLetterSelectionInput = z.union([
  z.object({ ids: z.array(z.string().min(1).max(64)).min(1).max(1_000) }),
  z.object({ filter: deadLetterFilterInput.omit({ state: true }) }),
]);

export const discardDeadLettersInput = z.object({ selection: deadLetterSelectionInput, reason: z.string().trim().min(3, "Give a reason").max(500) });
