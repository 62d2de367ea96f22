import { logger } from "../logger";

/**
 * Coalesces a burst of triggers into one evaluation 50 ms after the first; one that finds the fleet's
 * lease taken (another worker is evaluating, maybe before this incident committed) tries again shortly.
 */
export function debounceNotifications(evaluate: () => Promise<{ skipped: boolean }>, delayMs = 50): () => void {
  let timer: NodeJS.Timeout | undefined;
  let retries = 0;
  const fire = () => {
    timer = undefined;
    evaluate()
      .then((r) => {
        if (r.skipped && retries++ < 5) schedule(250);
        else retries = 0;
      })
      .catch((err) => logger.warn({ event: "notifications.evaluate_failed", error: (err as Error).message }, "notification evaluation failed"));
  };
  const schedule = (ms: number) => {
    timer ??= setTimeout(fire, ms);
  };
  return () => schedule(delayMs);
}
