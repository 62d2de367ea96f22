import type { Complexity } from "../db/generated/enums";

export interface RetryPolicy {
  attempts: number;
  /** Delay before retry n (1-based), in ms, without jitter. */
  delayMs(retry: number): number;
  jitter: boolean;
}

/** Retries per complexity class; a job may override the number of attempts. */
export const retryPolicies: Record<Complexity, RetryPolicy> = {
  simple: { attempts: 3, delayMs: () => 1_000, jitter: false },
  moderate: { attempts: 5, delayMs: (retry) => Math.min(5, retry) * 1_000, jitter: false },
  complex: { attempts: 7, delayMs: (retry) => Math.min(64_000, 1_000 * 2 ** (retry - 1)), jitter: true },
};

/** The delay BullMQ waits before the next attempt; jitter spreads ±20 % so retries do not stampede. */
export function retryDelay(complexity: Complexity, attemptsMade: number, random = Math.random): number {
  const policy = retryPolicies[complexity];
  const base = policy.delayMs(attemptsMade);
  return policy.jitter ? Math.round(base * (0.8 + 0.4 * random())) : base;
}

export const BACKOFF_TYPE = "gristmill";

/** BullMQ's backoffStrategy setting: our retry policy for our jobs (by their complexity), 1 s for any other. */
export function bullBackoffStrategy(attemptsMade: number, type?: string, _err?: Error, job?: { data?: unknown }): number {
  return type === BACKOFF_TYPE ? retryDelay((job?.data as { complexity?: Complexity } | undefined)?.complexity ?? "simple", attemptsMade) : 1_000;
}
