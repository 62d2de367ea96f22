import type { z } from "zod";
import { inTransaction, type Db, type Tx } from "../db";
import { domainEventFields, type DomainEventKind } from "../domain-events/domain-event-kinds";
import { Prisma, type JobTriggerFiring } from "../db/generated/client";
import { logger } from "../logger";
import { fireTrigger, type TriggerWithDefinition } from "./fire-trigger";
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

type OutboxRow = { id: bigint; kind: string; payload: unknown };
type TriggersOf = (kind: DomainEventKind) => Promise<TriggerWithDefinition[]>;

async function processEvent(tx: Tx, event: OutboxRow, counts: FiringCounts, triggersOf: TriggersOf): Promise<void> {
  const schema = domainEventFields[event.kind as DomainEventKind] as z.ZodType<Record<string, unknown>> | undefined;
  const parsed = schema?.safeParse(event.payload);
  if (!schema || !parsed?.success) throw new Error(`event ${event.id} of kind "${event.kind}" does not have that kind's fields`);
  const kind = event.kind as DomainEventKind;
  const fields = event.payload as Record<string, unknown>;
  const matching = (await triggersOf(kind)).filter((t) => eventMatchesFilter(kind, t.filter as TriggerFilter, fields));
  const depth = matching.length ? await chainDepth(tx, kind, fields) : 0;
  for (const trigger of matching) {
    const { firing, replayed } = await fireTrigger(tx, { trigger, event: { kind, fields, dedupeKey: `event:${event.id}`, eventId: event.id, depth } });
    if (!replayed) counts[firing.outcome]++;
  }
}

const noFirings = (): FiringCounts => ({ started: 0, debounced: 0, waiting: 0, dropped: 0, invalid: 0 });
/** Events per transaction: fewer round trips per event, while a transaction stays short enough not to hold trigger keys for long. */
const BATCH_EVENTS = 25;

/** One transaction over up to `size` open events, oldest first: fired and marked done together, or not at all. */
function sweepBatch(db: Db, size: number, counts: FiringCounts, current: { id?: bigint }): Promise<number> {
  return inTransaction(db, async (tx) => {
    const rows = await tx.$queryRaw<OutboxRow[]>`
      SELECT id, kind, payload FROM domain_event_outbox WHERE "processedAt" IS NULL ORDER BY id LIMIT ${size} FOR UPDATE SKIP LOCKED`;
    const cache = new Map<DomainEventKind, Promise<TriggerWithDefinition[]>>();
    const triggersOf: TriggersOf = (kind) => {
      if (!cache.has(kind))
        cache.set(kind, tx.jobTrigger.findMany({ where: { event: kind, enabled: true }, include: { definition: true }, orderBy: { createdAt: "asc" } }));
      return cache.get(kind)!;
    };
    for (const row of rows) {
      current.id = row.id;
      await processEvent(tx, row, counts, triggersOf);
    }
    if (rows.length) await tx.$executeRaw`UPDATE domain_event_outbox SET "processedAt" = now() WHERE id IN (${Prisma.join(rows.map((r) => r.id))})`;
    return rows.length;
  });
}

/**
 * Reads the outbox oldest first, BATCH_EVENTS events per transaction (FOR UPDATE SKIP LOCKED, so workers
 * sweeping at once share the events rather than wait), fires every enabled trigger whose filter an event
 * passes and marks it done. Idempotent: a firing is unique per trigger and event, so an event swept twice
 * starts nothing twice. A batch that fails is swept again one event per transaction, to find the event that
 * fails: it gets an attempt counted and is set aside after MAX_EVENT_ATTEMPTS.
 */
export async function sweepDomainEvents(db: Db, options: { limit?: number } = {}): Promise<SweepResult> {
  const limit = options.limit ?? 500;
  const result: SweepResult = { events: 0, failed: 0, firings: noFirings() };
  let size = BATCH_EVENTS;
  while (result.events < limit) {
    const counts = noFirings();
    const current: { id?: bigint } = {};
    try {
      const swept = await sweepBatch(db, Math.min(size, limit - result.events), counts, current);
      if (swept === 0) break;
      result.events += swept;
      for (const [outcome, n] of Object.entries(counts)) result.firings[outcome as keyof FiringCounts] += n;
    } catch (err) {
      if (current.id === undefined) throw err;
      if (size > 1) {
        size = 1;
        continue;
      }
      result.failed++;
      const message = (err as Error).message.slice(0, 1_000);
      logger.warn({ event: "triggers.event_failed", eventId: String(current.id), error: message }, "a domain event could not be processed; retried next sweep");
      await db.$executeRaw`
        UPDATE domain_event_outbox SET attempts = attempts + 1, "lastError" = ${message},
          "processedAt" = CASE WHEN attempts + 1 >= ${MAX_EVENT_ATTEMPTS} THEN now() END
        WHERE id = ${current.id}`;
      break; // the next sweep starts again from the oldest open event
    }
  }
  if (result.events) logger.info({ event: "triggers.swept", ...result }, "domain events swept");
  return result;
}
