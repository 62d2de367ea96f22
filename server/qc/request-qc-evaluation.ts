import type { Db } from "../db";
import { enqueueRun } from "../queues/enqueue-run";

/** How far back a changed configuration or a removed override is re-judged. */
export const REEVALUATE_DAYS = 366;

/** Queues a qc-evaluate run (batch priority); it starts once the caller's transaction has committed. */
export async function requestQcEvaluation(
  db: Db,
  options: { sensorKeys?: string[]; quantity?: string; from?: Date; to?: Date; triggeredBy: string; now?: number },
) {
  const now = options.now ?? Date.now();
  const to = options.to ?? new Date(now);
  const from = options.from ?? new Date(now - REEVALUATE_DAYS * 86_400_000);
  return enqueueRun(db, {
    kind: "qc-evaluate",
    params: { ...(options.sensorKeys ? { sensorKeys: options.sensorKeys } : { quantity: options.quantity }), from: from.toISOString(), to: to.toISOString() },
    priority: "P4",
    complexity: "complex",
    timeoutMs: 3_600_000,
    trigger: "manual",
    triggeredBy: options.triggeredBy,
    jobName: `qc-evaluate ${options.quantity ?? options.sensorKeys?.slice(0, 3).join(", ")}`,
  });
}
