import { randomUUID } from "node:crypto";
import { afterCommit } from "../audit/audit-scope";
import type { Db } from "../db";
import type { RunTrigger } from "../db/generated/enums";
import { planRunJob, type RunToPlan } from "./plan-run-job";
import { addRunJobsAfterCommit } from "./add-after-commit";

export interface EnqueueRunOptions extends Omit<RunToPlan, "runId"> {
  trigger: RunTrigger;
  triggeredBy?: string;
  rerunOfId?: string;
  paramsEdited?: boolean;
  /** A node of a workflow instance (server/workflows), and for a fan-out child its scope value. */
  workflowRunId?: string;
  fanOutKey?: string;
}

/**
 * Records a queued run and, once that is committed, puts it on its kind's lane or its priority class's queue,
 * fairly placed among its scopes. Once the row is committed the run will run: an add that fails is retried
 * behind the commit (add-after-commit.ts), so the caller gets the run, not the add's error.
 */
export async function enqueueRun(db: Db, options: EnqueueRunOptions) {
  const id = `run_${randomUUID().replaceAll("-", "")}`;
  const job = planRunJob({ ...options, runId: id });
  const queuedAt = new Date();
  const run = await db.jobRun.create({
    data: {
      id,
      kind: options.kind,
      params: options.params as object,
      priority: options.priority,
      queue: job.queue,
      trigger: options.trigger,
      triggeredBy: options.triggeredBy,
      definitionId: options.definitionId,
      definitionVersion: options.definitionVersion,
      jobName: options.jobName,
      rerunOfId: options.rerunOfId,
      paramsEdited: options.paramsEdited ?? false,
      complexity: options.complexity,
      timeoutMs: options.timeoutMs,
      maxAttempts: options.maxAttempts,
      scope: job.data.scope,
      workflowRunId: options.workflowRunId,
      fanOutKey: options.fanOutKey,
      queuedAt,
      deadlineAt: job.data.deadlineMs ? new Date(queuedAt.getTime() + job.data.deadlineMs) : null,
    },
  });
  await afterCommit(() => addRunJobsAfterCommit([job], queuedAt.getTime()));
  return run;
}
