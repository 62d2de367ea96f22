import type { Complexity } from "../db/generated/enums";

/**
 * Completion targets per complexity class: from a run's first start to its end, retries included. The start
 * SLA (priority-classes.ts) covers the wait before it; together they bound a run from queued to done.
 */
export const completionSlaMs: Record<Complexity, number> = {
  simple: 1_000,
  moderate: 30_000,
  complex: 10 * 60_000,
};

export const COMPLEXITIES = Object.keys(completionSlaMs) as Complexity[];

export function isCompletionSlaBreach(complexity: Complexity, tookMs: number): boolean {
  return tookMs > completionSlaMs[complexity];
}
