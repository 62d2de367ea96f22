import { randomUUID } from "node:crypto";
import { afterCommit } from "../audit/audit-scope";
import type { Db } from "../db";
import type { Complexity, Priority, RunTrigger } from "../db/generated/enums";
import { planRunJob } from "./plan-run-job";
import { getQueue } from "./queues";

export interface EnqueueRunOptions {
  kind: string;
  params: Record<string, unknown>;
  priority: Priority;
  complexity: Complexity;
  timeoutMs: number;
  maxAttempts?: number | null;
  trigger: RunTrigger;
  triggeredBy?: string;
  definitionId?: string;
  definitionVersion?: number;
  jobName?: string;
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
