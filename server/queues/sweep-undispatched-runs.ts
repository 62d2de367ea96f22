import type { Db } from "../db";
import { logger } from "../logger";
import { dispatchRuns, runsWithJobs } from "./dispatch-runs";
import { allQueueNames } from "./queues";

/** Committed this long ago without a job: its add failed (or its process died between the commit and the add). The add itself takes milliseconds. */
export const DISPATCH_GRACE_MS = 5_000;
/**
 * A queued run with no job after this long is given up as lost: the reconciler fails it (reconcile-runs.ts).
 * The sweep stops a minute short of it, so the two never act on one row at once.
 */
export const LOST_AFTER_MS = 5 * 60_000;
const SWEEP_UNTIL_MS = LOST_AFTER_MS - 60_000;

export interface SweepCursor {
  queuedAt: Date;
  id: string;
}

export interface SweepOptions {
  now?: number;
  /** Rows per pass; a longer backlog is walked over several passes (pass `after` on). */
  limit?: number;
  after?: SweepCursor;
  /** The fleet's queues by default (a test sweeps its own). */
  queues?: string[];
}

export interface SweepResult {
  checked: number;
  added: string[];
  /** Where the next pass goes on; undefined once the window has been walked to its end. */
  next?: SweepCursor;
}

/**
 * The dispatcher sweep: manual, rerun, replay and event runs are recorded first and added to BullMQ after the
 * commit, so a failed add (a Redis failover, a process killed between the two) leaves a queued row with no job.
 * This finds those rows, DISPATCH_GRACE_MS to SWEEP_UNTIL_MS old, oldest first, and gives each its job once
 * (dispatchRuns). Rows that have their job (a backlog waiting its turn) cost one EXISTS each and no lock.
 */
export async function sweepUndispatchedRuns(db: Db, options: SweepOptions = {}): Promise<SweepResult> {
  const now = options.now ?? Date.now();
  const limit = options.limit ?? 1_000;
  const after = options.after;
  const rows = await db.jobRun.findMany({
    where: {
      status: "queued",
      startedAt: null,
      trigger: { not: "schedule" },
      queue: { in: options.queues ?? allQueueNames() },
      queuedAt: { gt: new Date(now - SWEEP_UNTIL_MS), lte: new Date(now - DISPATCH_GRACE_MS) },
      ...(after ? { OR: [{ queuedAt: { gt: after.queuedAt } }, { queuedAt: after.queuedAt, id: { gt: after.id } }] } : {}),
    },
    orderBy: [{ queuedAt: "asc" }, { id: "asc" }],
    take: limit,
    select: { id: true, queue: true, queuedAt: true },
  });
  const present = await runsWithJobs(rows);
  const { added } = await dispatchRuns(
    db,
    rows.filter((r) => !present.has(r.id)).map((r) => r.id),
    now,
  );
  if (added.length) logger.warn({ event: "runs.dispatched_by_sweep", count: added.length, runIds: added.slice(0, 20) }, "queued runs without a job given one");
  const last = rows.at(-1);
  return { checked: rows.length, added, next: rows.length === limit && last ? { queuedAt: last.queuedAt, id: last.id } : undefined };
}
