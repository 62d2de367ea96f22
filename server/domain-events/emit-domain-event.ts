import type { Db } from "../db";
import type { DomainEvent } from "./domain-event-kinds";

/**
 * Writes events to the outbox with the caller's db: pass the transaction that writes the fact, so the
 * event exists exactly when the fact does. Only kinds some enabled trigger listens for are written (a
 * scan that opens forty incidents costs nothing while no trigger wants them); the same dedupe key
 * twice (a retried job, two reconcilers) is written once.
 */
export async function emitDomainEvents(db: Db, events: readonly DomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((e) => ({ kind: e.kind, dedupe_key: e.dedupeKey, payload: e.payload }));
  await db.$executeRaw`
    INSERT INTO domain_event_outbox (kind, "dedupeKey", payload)
    SELECT r.kind, r.dedupe_key, r.payload
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(kind text, dedupe_key text, payload jsonb)
    WHERE EXISTS (SELECT 1 FROM job_triggers t WHERE t.event = r.kind AND t.enabled)
    ON CONFLICT ("dedupeKey") DO NOTHING`;
}

export function emitDomainEvent(db: Db, event: DomainEvent): Promise<void> {
  return emitDomainEvents(db, [event]);
}
