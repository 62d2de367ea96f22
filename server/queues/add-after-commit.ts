import { db as sharedDb } from "../db";
import { logger } from "../logger";
import { addRunJobs } from "./add-run-jobs";
import { dispatchRuns } from "./dispatch-runs";
import type { PlannedRunJob } from "./plan-run-job";

/** Backoff between retries: 250 ms doubling to 2 s, for a minute (a cluster failover took 4–7 s in the drill); then the sweep's. */
const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 2_000;
const RETRY_FOR_MS = 60_000;
/** Runs held for retry in this process at most; past it the sweep alone picks them up. */
const MAX_PENDING = 10_000;
/** Runs per retry: one locked SELECT and one add for all of them. */
const BATCH = 500;

const pending = new Map<string, number>();
let timer: NodeJS.Timeout | undefined;
let delayMs = FIRST_RETRY_MS;

/**
 * Adds the jobs of runs whose rows are committed. If the add fails (Redis failing over, or down) the runs
 * are not lost and the caller is not told they failed, since their rows exist and would run later: this
 * process retries them with backoff through dispatchRuns (which adds only what is still queued with no job),
 * and the worker's dispatcher sweep (sweep-undispatched-runs.ts) covers a process that dies meanwhile.
 */
export async function addRunJobsAfterCommit(jobs: readonly PlannedRunJob[], now: number): Promise<void> {
  try {
    await addRunJobs(jobs, now);
  } catch (err) {
    const runIds = jobs.flatMap((j) => (j.data.runId ? [j.data.runId] : []));
    logger.warn({ event: "runs.enqueue_deferred", runIds, error: (err as Error).message }, "run recorded, its job not added yet; retrying");
    retryLater(runIds);
  }
}

function retryLater(runIds: string[]): void {
  const at = Date.now();
  for (const id of runIds) {
    if (pending.size >= MAX_PENDING) {
      logger.error({ event: "runs.enqueue_retry_full", runId: id }, "too many runs waiting for their job here; the dispatcher sweep will add it");
      continue;
    }
    if (!pending.has(id)) pending.set(id, at);
  }
  if (!timer && pending.size) schedule();
}

function schedule(): void {
  timer = setTimeout(() => void retry(), delayMs);
  // A process that ends with runs pending leaves them to the sweep; it must not stay up for them.
  timer.unref();
}

async function retry(): Promise<void> {
  const ids = [...pending.keys()].slice(0, BATCH);
  try {
    const { added } = await dispatchRuns(sharedDb, ids);
    for (const id of ids) pending.delete(id);
    logger.info({ event: "runs.enqueue_recovered", runs: ids.length, added: added.length }, "deferred runs have their jobs");
    delayMs = FIRST_RETRY_MS;
  } catch (err) {
    delayMs = Math.min(MAX_RETRY_MS, delayMs * 2);
    const giveUpBefore = Date.now() - RETRY_FOR_MS;
    const expired = ids.filter((id) => pending.get(id)! < giveUpBefore);
    for (const id of expired) pending.delete(id);
    logger.warn(
      { event: "runs.enqueue_retry_failed", pending: pending.size, leftToSweep: expired.length, error: (err as Error).message },
      "deferred runs still without their jobs",
    );
  }
  timer = undefined;
  if (pending.size) schedule();
}

/** Runs this process is still retrying (for tests and shutdown logs). */
export function pendingRunDispatches(): number {
  return pending.size;
}
