import { randomUUID } from "node:crypto";
import { afterCommit } from "../audit/audit-scope";
import type { Db } from "../db";
import type { Complexity, Priority, RunTrigger } from "../db/generated/enums";
import { bullJobOptions, type GristmillJobData } from "./bull-job-options";
import { queueForRun } from "./queue-for-run";
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
  const queue = queueForRun(options);
  const run = await db.jobRun.create({
    data: {
      id,
      kind: options.kind,
      params: options.params as object,
      priority: options.priority,
      queue,
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
  const data: GristmillJobData = {
    runId: id,
    definitionId: options.definitionId,
    definitionVersion: options.definitionVersion,
    jobName: options.jobName,
    priority: options.priority,
    complexity: options.complexity,
    params: options.params,
    timeoutMs: options.timeoutMs,
    maxAttempts: options.maxAttempts,
  };
  await afterCommit(() => getQueue(queue).add(options.kind, data, bullJobOptions(data, id)));
  return run;
}
