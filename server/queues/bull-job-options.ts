import type { JobsOptions } from "bullmq";
import type { Complexity, Priority } from "../db/generated/enums";
import { priorityClasses } from "./priority-classes";
import { BACKOFF_TYPE, retryPolicies } from "./retry-policies";

/** What every Gristmill job carries, whatever its kind. */
export interface GristmillJobData {
  runId?: string;
  definitionId?: string;
  definitionVersion?: number;
  /** The definition's name when the run was made, kept on the run and its dead letter for search and grouping. */
  jobName?: string;
  priority: Priority;
  complexity: Complexity;
  params: Record<string, unknown>;
  timeoutMs: number;
  maxAttempts?: number | null;
  /** Set in memory by the worker that starts the run late, for its telemetry. */
  slaBreached?: boolean;
  /** What the run shares its lane with fairly (fair-scope.ts), and its weight there. */
  scope?: string;
  scopeWeight?: number;
  /** The run should be done this long after it falls due (queued, or its delay over); the aging sweep boosts it as that nears. */
  deadlineMs?: number | null;
  /** Set by the worker on a failed attempt that will be retried: the completion SLA counts from the first start. */
  firstStartedAt?: number;
  /** Set in memory by the worker that finished the run after its completion target, for its telemetry. */
  completionSlaBreached?: boolean;
  /** What held the run back (a maintenance window's id), set when it was first held: its wait is not an SLA breach. */
  heldBy?: string;
}

/** The one place that maps priority and complexity to BullMQ options; completed and failed jobs are bounded in Redis. */
export function bullJobOptions(data: GristmillJobData, jobId?: string): JobsOptions {
  const cls = priorityClasses[data.priority];
  return {
    jobId,
    priority: data.priority === "P0" ? undefined : cls.bullPriority,
    attempts: data.maxAttempts ?? retryPolicies[data.complexity].attempts,
    backoff: { type: BACKOFF_TYPE },
    removeOnComplete: { age: 7 * 86_400, count: 20_000 },
    removeOnFail: { age: 30 * 86_400, count: 20_000 },
  };
}
