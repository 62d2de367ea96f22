import type { Complexity } from "../db/generated/enums";

export interface RunPolicy {
  complexity: Complexity;
  timeoutMs: number;
  maxAttempts?: number | null;
}

type PolicySource = { complexity?: Complexity | null; timeoutMs?: number | null; maxAttempts?: number | null };

/**
 * The policy a rerun or replay gets: the one the run was queued with (an export's own complexity and
 * timeout, an edited definition's old values), else, for runs queued before runs kept it, its definition's.
 */
export function runPolicyOf(run: PolicySource & { definition?: PolicySource | null }): RunPolicy {
  return {
    complexity: run.complexity ?? run.definition?.complexity ?? "simple",
    timeoutMs: run.timeoutMs ?? run.definition?.timeoutMs ?? 600_000,
    maxAttempts: run.maxAttempts ?? run.definition?.maxAttempts,
  };
}
