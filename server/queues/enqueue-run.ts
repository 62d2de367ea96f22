import { randomUUID } from "node:crypto";
import { afterCommit } from "../audit/audit-scope";
import type { Db } from "../db";
import type { RunTrigger } from "../db/generated/enums";
import { planRunJob, type RunToPlan } from "./plan-run-job";
import { getQueue } from "./queues";

export interface EnqueueRunOptions extends Omit<RunToPlan, "runId"> {
  trigger: RunTrigger;
  triggeredBy?: string;
  rerunOfId?: string;
  paramsEdited?: boolean;
}

/** Records a queued run and, once that is committed, puts it on its kind's lane or its priority class's queue. */
export async function enqueueRun(db: Db, options: EnqueueRunOptions) {
  const id = `run_${randomUUID().replaceAll("-", "")}`;
  const job = planRunJob({ ...options, runId: id });
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
    },
  });
  await afterCommit(() => getQueue(job.queue).add(job.name, job.data, job.opts));
  return run;
}
