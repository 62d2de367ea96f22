import { logger } from "../logger";

/** How often a trigger that found the lease taken tries again, and for how long before it leaves it to the sweep. */
const RETRY_MS = 100;
const GIVE_UP_AFTER_MS = 30_000;

/**
 * Coalesces a burst of triggers (new or escalated incidents) into one evaluation of just those incidents,
 * 50 ms after the first. One that finds the lease taken (another worker is evaluating the same kind of
 * batch) tries again every 100 ms: a trigger is never dropped to the NOTIFY_EVALUATE_MS sweep, which is
 * what made ingest-time breaches wait seconds under load.
 */
export function debounceNotifications(evaluate: (incidentIds: string[]) => Promise<{ skipped: boolean }>, delayMs = 50): (incidentId: string) => void {
  // biome-ignore lint/correctness/noUnusedVariables: read by `??=` below, so one timer is pending at a time
  let timer: NodeJS.Timeout | undefined;
  let pending = new Set<string>();
  let waitingSince: number | undefined;
  const fire = () => {
    timer = undefined;
    const batch = pending;
    pending = new Set();
    evaluate([...batch])
      .then((r) => {
        if (!r.skipped) return void (waitingSince = undefined);
        waitingSince ??= Date.now();
        if (Date.now() - waitingSince > GIVE_UP_AFTER_MS) return void (waitingSince = undefined);
        for (const id of batch) pending.add(id);
        schedule(RETRY_MS);
      })
      .catch((err) => logger.warn({ event: "notifications.evaluate_failed", error: (err as Error).message }, "notification evaluation failed"));
  };
  const schedule = (ms: number) => {
    timer ??= setTimeout(fire, ms);
  };
  return (incidentId: string) => {
    pending.add(incidentId);
    schedule(delayMs);
  };
}
