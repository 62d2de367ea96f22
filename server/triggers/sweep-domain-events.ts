import type { z } from "zod";
import { inTransaction, type Db, type Tx } from "../db";
import { domainEventFields, type DomainEventKind } from "../domain-events/domain-event-kinds";
import type { JobTriggerFiring } from "../db/generated/client";
import { logger } from "../logger";
import { fireTrigger } from "./fire-trigger";
import { eventMatchesFilter } from "./match-trigger-event";
import type { TriggerFilter } from "./trigger-events";

/** An event whose processing failed this often is set aside (processedAt set, lastError kept) rather than retried forever. */
const MAX_EVENT_ATTEMPTS = 5;

export type FiringCounts = Record<JobTriggerFiring["outcome"], number>;
export interface SweepResult {
  events: number;
  failed: number;
  firings: FiringCounts;
}

/** How deep in a chain of triggered runs an event of a run is: one more than the firing that started that run. */
async function chainDepth(tx: Tx, kind: DomainEventKind, fields: Record<string, unknown>): Promise<number> {
  if (!kind.startsWith("run.") || typeof fields.runId !== "string") return 0;
  const cause = await tx.jobTriggerFiring.findFirst({ where: { runId: fields.runId }, select: { depth: true } });
  return cause ? cause.depth + 1 : 0;
}

async function processEvent(tx: Tx, event: { id: bigint; kind: string; payload: unknown }, counts: FiringCounts): Promise<void> {
  const schema = domainEventFields[event.kind as DomainEventKind] as z.ZodType<Record<string, unknown>> | undefined;
  const parsed = schema?.safeParse(event.payload);
  if (!schema || !parsed?.success) throw new Error(`event ${event.id} of kind "${event.kind}" does not have that kind's fields`);
  const kind = event.kind as DomainEventKind;
  const fields = event.payload as Record<string, unknown>;
  const triggers = await tx.jobTrigger.findMany({ where: { event: kind, enabled: true }, include: { definition: true }, orderBy: { createdAt: "asc" } });
  const matching = triggers.filter((t) => eventMatchesFilter(kind, t.filter as TriggerFilter, fields));
  const depth = matching.length ? await chainDepth(tx, kind, fields) : 0;
  for (const trigger of matching) {
    const { firing, replayed } = await fireTrigger(tx, { trigger, event: { kind, fields, dedupeKey: `event:${event.id}`, eventId: event.id, depth } });
    if (!replayed) counts[firing.outcome]++;
  }
}

/**
 * Reads the outbox oldest first, one event per transaction (FOR UPDATE SKIP LOCKED, so workers sweeping
 * at once share the events rather than wait), fires every enabled trigger whose filter it passes and marks
 * it done. Idempotent: a firing is unique per trigger and event, so an event swept twice starts nothing twice.
 */
export async function sweepDomainEvents(db: Db, options: { limit?: number } = {}): Promise<SweepResult> {
  const result: SweepResult = { events: 0, failed: 0, firings: { started: 0, debounced: 0, waiting: 0, dropped: 0, invalid: 0 } };
  for (let i = 0; i < (options.limit ?? 200); i++) {
    let current: bigint | undefined;
    const counts: FiringCounts = { started: 0, debounced: 0, waiting: 0, dropped: 0, invalid: 0 };
    try {
      const found = await inTransaction(db, async (tx) => {
        const [event] = await tx.$queryRaw<Array<{ id: bigint; kind: string; payload: unknown }>>`
          SELECT id, kind, payload FROM domain_event_outbox WHERE "processedAt" IS NULL ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`;
        if (!event) return false;
        current = event.id;
        await processEvent(tx, event, counts);
        await tx.$executeRaw`UPDATE domain_event_outbox SET "processedAt" = now() WHERE id = ${event.id}`;
        return true;
      });
      if (!found) break;
      result.events++;
      for (const [outcome, n] of Object.entries(counts)) result.firings[outcome as keyof FiringCounts] += n;
    } catch (err) {
      if (current === undefined) throw err;
      result.failed++;
      const message = (err as Error).message.slice(0, 1_000);
      logger.warn({ event: "triggers.event_failed", eventId: String(current), error: message }, "a domain event could not be processed; retried next sweep");
      await db.$executeRaw`
        UPDATE domain_event_outbox SET attempts = attempts + 1, "lastError" = ${message},
          "processedAt" = CASE WHEN attempts + 1 >= ${MAX_EVENT_ATTEMPTS} THEN now() END
        WHERE id = ${current}`;
      break; // the next sweep starts again from the oldest open event
    }
  }
  if (result.events) logger.info({ event: "triggers.swept", ...result }, "domain events swept");
  return result;
}
