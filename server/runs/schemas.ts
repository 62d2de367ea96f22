import { z } from "zod";

export const runStatusSchema = z.enum(["queued", "running", "succeeded", "failed", "dead", "cancelled"]);
export const runTriggerSchema = z.enum(["schedule", "manual", "rerun", "replay", "event"]);

export const listRunsInput = z.object({
  definitionId: z.string().max(64).optional(),
  kind: z.string().max(64).optional(),
  status: runStatusSchema.optional(),
  trigger: runTriggerSchema.optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  /** A run id, a job name, or text in the parameters. */
  search: z.string().trim().min(3, "Search for at least 3 characters").max(200).optional(),
  cursor: z.string().max(120).regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\|[\w-]+$/, "Invalid cursor").optional(),
  limit: z.number().int().min(1).max(200).default(50),
});

export const runIdsInput = z.object({ ids: z.array(z.string().min(1).max(80)).min(1).max(500) });
export const runIdInput = z.object({ id: z.string().min(1).max(80) });
export const rerunInput = z.object({ ids: z.array(z.string().min(1).max(80)).min(1).max(500), params: z.record(z.string(), z.unknown()).optional() });
