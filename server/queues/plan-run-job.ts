import type { JobsOptions } from "bullmq";
import type { Complexity, Priority } from "../db/generated/enums";
import { bullJobOptions, type GristmillJobData } from "./bull-job-options";
import { scopeOfRun } from "./fair-scope";
import { queueForRun } from "./queue-for-run";

export interface RunToPlan {
  kind: string;
  params: Record<string, unknown>;
  priority: Priority;
  complexity: Complexity;
  timeoutMs: number;
  maxAttempts?: number | null;
  /** Absent for a schedule's template: each firing gets BullMQ's id, which becomes its run's id. */
  runId?: string;
  definitionId?: string;
  definitionVersion?: number;
  jobName?: string;
  /** Its weight in fair sharing (the definition's), 1 by default. */
  scopeWeight?: number;
  /** Done within this long of falling due, if set (the definition's deadline, a schedule's period, a manual run's own). */
  deadlineMs?: number | null;
}

export interface PlannedRunJob {
  queue: string;
  name: string;
  data: GristmillJobData;
  opts: JobsOptions;
}

/**
 * The one place a run becomes a BullMQ job: which queue (its kind's lane or its class's), the job's
 * data and its options. enqueueRun adds it; the scheduler sync makes it a schedule's template.
 */
export function planRunJob(run: RunToPlan): PlannedRunJob {
  const data: GristmillJobData = {
    ...(run.runId === undefined ? {} : { runId: run.runId }),
    definitionId: run.definitionId,
    definitionVersion: run.definitionVersion,
    jobName: run.jobName,
    priority: run.priority,
    complexity: run.complexity,
    params: run.params,
    timeoutMs: run.timeoutMs,
    maxAttempts: run.maxAttempts,
    scope: scopeOfRun(run),
    scopeWeight: run.scopeWeight ?? 1,
    ...(run.deadlineMs ? { deadlineMs: run.deadlineMs } : {}),
  };
  const { jobId: _none, ...opts } = bullJobOptions(data, run.runId);
  return { queue: queueForRun(run), name: run.kind, data, opts: run.runId === undefined ? opts : { ...opts, jobId: run.runId } };
}
