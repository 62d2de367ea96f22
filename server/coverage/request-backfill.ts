import { recordChange } from "../audit/audit-scope";
import { inTransaction, type Db } from "../db";
import { DomainError, isUniqueViolation } from "../errors";
import { enqueueRun } from "../queues/enqueue-run";
import { planBackfill, type BackfillPlan } from "./plan-backfill";

export const backfillJobKind = { scan: "anomaly-backfill", report: "report-rebuild" } as const;

export interface RequestBackfillOptions {
  kind: "scan" | "report";
  scope: string;
  from: number;
  to: number;
  onlyStale: boolean;
  trigger: "auto" | "manual";
  requestedBy: string;
  /** Automatic requests larger than this (sensors × hour buckets) wait for an operator's confirmation. */
  confirmAboveSensorBuckets?: number;
}

/** Queues the backfill's run at P4 (batch), so live scans and reports go first. */
export async function enqueueBackfillRun(db: Db, backfill: { id: string; kind: "scan" | "report"; scope: string }, triggeredBy: string) {
  const run = await enqueueRun(db, {
    kind: backfillJobKind[backfill.kind],
    params: { backfillId: backfill.id },
    priority: "P4",
    complexity: "complex",
    timeoutMs: 6 * 3_600_000,
    trigger: "manual",
    triggeredBy,
    jobName: `${backfillJobKind[backfill.kind]} ${backfill.scope}`,
  });
  await db.coverageBackfill.update({ where: { id: backfill.id }, data: { runId: run.id } });
  return run;
}

/**
 * Plans a backfill (the dry run) and records it: queued at once, or waiting for confirmation when
 * an automatic one is larger than the setting. One backfill per scope is active at a time (a
 * unique index): a second request for a scope gets CONFLICT, which the automatic filler takes as
 * "already being filled". Nothing to do (no hours in the range) records nothing.
 */
export async function requestBackfill(
  db: Db,
  options: RequestBackfillOptions,
): Promise<{ plan: BackfillPlan; backfill: { id: string; status: string } | null }> {
  const plan = await planBackfill(db, options);
  if (plan.chunks.length === 0) return { plan, backfill: null };
  const waits = options.trigger === "auto" && options.confirmAboveSensorBuckets !== undefined && plan.sensorBuckets > options.confirmAboveSensorBuckets;
  try {
    return await inTransaction(db, async (tx) => {
      const { params, chunks, kind, scope, from, to, ...dryRun } = plan;
      const backfill = await tx.coverageBackfill.create({
        data: {
          kind,
          scope,
          params: params as object,
          from: new Date(from),
          to: new Date(to),
          chunks,
          status: waits ? "awaiting_confirmation" : "queued",
          trigger: options.trigger,
          requestedBy: options.requestedBy,
          dryRun: { ...dryRun, chunks: chunks.length },
        },
      });
      if (!waits) await enqueueBackfillRun(tx, backfill, options.requestedBy);
      recordChange({
        targetType: "coverageBackfill",
        targetId: backfill.id,
        after: { kind, scope, from: new Date(from), to: new Date(to), status: backfill.status, chunks: chunks.length },
      });
      return { plan, backfill: { id: backfill.id, status: backfill.status } };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError("CONFLICT", "A backfill of this scope is already queued or running; cancel it or wait for it to finish");
    throw err;
  }
}
