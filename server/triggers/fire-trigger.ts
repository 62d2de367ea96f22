import type { Tx } from "../db";
import type { JobDefinition, JobTrigger, JobTriggerFiring, Prisma } from "../db/generated/client";
import { definitionRun } from "../queues/definition-run";
import { enqueueRun } from "../queues/enqueue-run";
import { findJobKind } from "../runs/job-kind-registry";
import { renderConcurrencyKey } from "./concurrency-key";
import { decideFiring } from "./decide-firing";
import { checkTriggerParams, mapTriggerParams, type ParamMap } from "./map-trigger-params";
import type { TriggerEvent } from "./trigger-events";

/** A run event of a run that a trigger started is one step deeper; past this the chain stops (a trigger on its own failures). */
export const MAX_TRIGGER_CHAIN = 3;

export type TriggerWithDefinition = JobTrigger & { definition: JobDefinition };

export interface TriggerEventInput {
  kind: TriggerEvent;
  fields: Record<string, unknown>;
  /** One firing per trigger and dedupe key: `event:<outbox id>`, `http:key:<Idempotency-Key>`. */
  dedupeKey: string;
  eventId?: bigint;
  depth: number;
  bodySha256?: string;
}

export interface FiringResult {
  firing: JobTriggerFiring;
  /** The trigger already had a firing for this dedupe key: that one is returned and nothing new happens. */
  replayed: boolean;
}

/** Serialises firings of one trigger and key (across workers and web processes) until the transaction ends. */
export async function lockTriggerKey(tx: Tx, triggerId: string, key: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtextextended(${`trigger:${triggerId}:${key}`}, 0))) AS l`;
}

/** Runs of this trigger and key queued or running now. */
export async function runsInFlight(tx: Tx, triggerId: string, key: string): Promise<number> {
  const [row] = await tx.$queryRaw<Array<{ n: number }>>`
    SELECT count(*)::int AS n FROM job_trigger_firings f JOIN "JobRun" r ON r.id = f."runId"
    WHERE f."triggerId" = ${triggerId} AND f."concurrencyKey" = ${key} AND f.outcome = 'started' AND r.status IN ('queued', 'running')`;
  return row?.n ?? 0;
}

/** Enqueues the definition's run with the mapped parameters through the one enqueue path, recorded as raised by this trigger. */
export function startTriggeredRun(tx: Tx, trigger: TriggerWithDefinition, params: Record<string, unknown>) {
  return enqueueRun(tx, { ...definitionRun(trigger.definition), params, trigger: "event", triggeredBy: `trigger "${trigger.name}" (${trigger.event})` });
}

/**
 * What one event does with one trigger, recorded as one firing: started (with its run), debounced,
 * waiting, dropped or invalid. Call inside a transaction: the firing, its run and the event's
 * processing commit together, and a second call for the same event returns the first firing.
 */
export async function fireTrigger(tx: Tx, options: { trigger: TriggerWithDefinition; event: TriggerEventInput; now?: Date }): Promise<FiringResult> {
  const { trigger, event } = options;
  const now = options.now ?? new Date();
  const key = renderConcurrencyKey(trigger.concurrencyKey, event.fields);
  await lockTriggerKey(tx, trigger.id, key);
  const existing = await tx.jobTriggerFiring.findUnique({ where: { triggerId_dedupeKey: { triggerId: trigger.id, dedupeKey: event.dedupeKey } } });
  if (existing) return { firing: existing, replayed: true };

  const record = async (data: Pick<Prisma.JobTriggerFiringUncheckedCreateInput, "outcome" | "reason" | "params" | "runId" | "startedAt">) => ({
    firing: await tx.jobTriggerFiring.create({
      data: {
        triggerId: trigger.id,
        dedupeKey: event.dedupeKey,
        eventKind: event.kind,
        eventId: event.eventId,
        fields: event.fields as object,
        concurrencyKey: key,
        depth: event.depth,
        bodySha256: event.bodySha256,
        createdAt: now,
        ...data,
      },
    }),
    replayed: false,
  });
  if (event.depth > MAX_TRIGGER_CHAIN)
    return record({ outcome: "dropped", reason: `a chain of ${event.depth} triggered runs: stopped so a trigger cannot loop on its own runs` });
  const kind = findJobKind(trigger.definition.kind);
  if (!kind) return record({ outcome: "invalid", reason: `unknown job kind "${trigger.definition.kind}"` });
  const params = mapTriggerParams(trigger.definition.params as Record<string, unknown>, trigger.paramMap as ParamMap, event.fields);
  const check = checkTriggerParams(kind, params);
  if (!check.ok) return record({ outcome: "invalid", reason: check.reason, params: params as object });

  const needsState = trigger.debounceSeconds > 0 || trigger.maxConcurrent !== null;
  const [last, inFlight, waiting] = needsState
    ? await Promise.all([
        trigger.debounceSeconds > 0
          ? tx.jobTriggerFiring.findFirst({
              where: { triggerId: trigger.id, concurrencyKey: key, outcome: { in: ["started", "waiting"] } },
              orderBy: { createdAt: "desc" },
              select: { createdAt: true },
            })
          : null,
        trigger.maxConcurrent !== null ? runsInFlight(tx, trigger.id, key) : 0,
        trigger.maxConcurrent !== null ? tx.jobTriggerFiring.count({ where: { triggerId: trigger.id, concurrencyKey: key, outcome: "waiting" } }) : 0,
      ])
    : [null, 0, 0];
  const decision = decideFiring({
    debounceSeconds: trigger.debounceSeconds,
    maxConcurrent: trigger.maxConcurrent,
    overflow: trigger.overflow,
    lastFiredAt: last?.createdAt ?? null,
    inFlight,
    waiting,
    now,
  });
  if (decision.outcome !== "started") return record({ outcome: decision.outcome, reason: decision.reason, params: params as object });
  const run = await startTriggeredRun(tx, trigger, params);
  return record({ outcome: "started", params: params as object, runId: run.id, startedAt: now });
}
