import { z } from "zod";
import { MAX_UPSTREAM_EDGES } from "./dag";

const id = z.string().min(1).max(64);
export const dependencyCondition = z.enum(["success", "failure", "any"]);
export const fanOutScope = z.enum(["region", "site"]);

/** A definition's place in workflows: what it runs after (replacing its upstream edges) and whether it fans out. */
export const setDependenciesInput = z
  .object({
    definitionId: id,
    upstream: z
      .array(z.object({ definitionId: id, condition: dependencyCondition.default("success") }).strict())
      .max(MAX_UPSTREAM_EDGES, `A job may depend on at most ${MAX_UPSTREAM_EDGES} others`)
      .refine((ups) => new Set(ups.map((u) => u.definitionId)).size === ups.length, "Each upstream job once"),
    fanOut: fanOutScope.nullable().default(null),
  })
  .strict();

export const workflowRunIdInput = z.object({ id }).strict();
export const retryNodeInput = z.object({ workflowRunId: id, definitionId: id }).strict();
export const listWorkflowRunsInput = z.object({ definitionId: id.optional(), limit: z.number().int().min(1).max(100).default(20) }).strict();
