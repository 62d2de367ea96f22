import type { Db } from "../db";
import { startWaitingFirings } from "./start-waiting-firings";
import { sweepDomainEvents } from "./sweep-domain-events";

const PRUNE_EVERY_MS = 60_000;
/** Processed events are kept a week (to look into what fired); firings a month (the panel shows the recent ones). */
const EVENTS_KEPT_DAYS = 7;
const FIRINGS_KEPT_DAYS = 30;
let lastPruneAt = 0;

/** Deletes what is past keeping (run once a minute, so each pass is small). */
export async function pruneTriggerHistory(db: Db, now = Date.now()): Promise<{ events: number; firings: number }> {
  const day = 86_400_000;
  const events = await db.domainEvent.deleteMany({ where: { processedAt: { lt: new Date(now - EVENTS_KEPT_DAYS * day) } } });
  const firings = await db.jobTriggerFiring.deleteMany({ where: { createdAt: { lt: new Date(now - FIRINGS_KEPT_DAYS * day) }, outcome: { not: "waiting" } } });
  return { events: events.count, firings: firings.count };
}

/** A worker's trigger sweep: the outbox's new events, then the firings waiting for a slot, and now and then the old history. */
export async function sweepTriggers(db: Db) {
  const swept = await sweepDomainEvents(db);
  const waiting = await startWaitingFirings(db);
  if (Date.now() - lastPruneAt > PRUNE_EVERY_MS) {
    lastPruneAt = Date.now();
    await pruneTriggerHistory(db);
  }
  return { ...swept, waitingStarted: waiting.started };
}
