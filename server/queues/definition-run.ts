import type { JobDefinition } from "../db/generated/client";
import type { RunToPlan } from "./plan-run-job";

/** What a run of this definition carries, for a manual run and a schedule's template alike. */
export function definitionRun(def: JobDefinition): RunToPlan {
  return {
    kind: def.kind,
    params: def.params as Record<string, unknown>,
    priority: def.priority,
    complexity: def.complexity,
    timeoutMs: def.timeoutMs,
    maxAttempts: def.maxAttempts,
    definitionId: def.id,
    definitionVersion: def.version,
    jobName: def.name,
    scopeWeight: def.scopeWeight,
    deadlineMs: def.deadlineMs,
  };
}
