export type FiringDecision =
  | { outcome: "started" }
  | { outcome: "debounced"; reason: string }
  | { outcome: "waiting"; reason: string }
  | { outcome: "dropped"; reason: string };

export interface FiringState {
  debounceSeconds: number;
  maxConcurrent: number | null;
  overflow: "queue" | "drop";
  /** When this trigger last started (or queued) a run for the key, if ever. */
  lastFiredAt: Date | null;
  /** Runs of this trigger and key queued or running now. */
  inFlight: number;
  /** Firings of this trigger and key waiting for a slot, ahead of this one. */
  waiting: number;
  now: Date;
}

/**
 * Debounce on the leading edge: the first event of a key starts a run and the ones within
 * debounceSeconds after it are recorded as debounced. Then the concurrency limit: with maxConcurrent
 * runs of the key in flight (or others already waiting, to keep arrival order) the event waits or is dropped.
 */
export function decideFiring(state: FiringState): FiringDecision {
  if (state.debounceSeconds > 0 && state.lastFiredAt && state.now.getTime() - state.lastFiredAt.getTime() < state.debounceSeconds * 1_000) {
    return { outcome: "debounced", reason: `within ${state.debounceSeconds} s of the firing at ${state.lastFiredAt.toISOString()}` };
  }
  if (state.maxConcurrent !== null && (state.inFlight >= state.maxConcurrent || state.waiting > 0)) {
    const reason = `${state.inFlight} of at most ${state.maxConcurrent} runs in flight${state.waiting ? `, ${state.waiting} waiting` : ""}`;
    return state.overflow === "queue" ? { outcome: "waiting", reason } : { outcome: "dropped", reason };
  }
  return { outcome: "started" };
}
