import type { Job } from "bullmq";
import type { JobOutcome } from "./job-telemetry";

/** Telemetry of one finished attempt, read from BullMQ's own timestamps. */
export function outcomeFromJob(job: Job, queue: string, ok: boolean): JobOutcome {
  const startedAt = job.processedOn ?? Date.now();
  const finishedAt = job.finishedOn ?? Date.now();
  const due = job.timestamp + (job.opts.delay ?? 0);
  const result = (ok ? job.returnvalue : undefined) as { records?: unknown } | undefined;
  return {
    queue,
    priority: typeof job.data?.priority === "string" ? job.data.priority : "none",
    kind: job.name,
    ok,
    waitMs: Math.max(0, startedAt - due),
    runMs: Math.max(0, finishedAt - startedAt),
    records: typeof result?.records === "number" ? result.records : undefined,
    slaBreached: job.data?.slaBreached === true,
    completionSlaBreached: job.data?.completionSlaBreached === true,
    complexity: typeof job.data?.complexity === "string" ? job.data.complexity : undefined,
    finishedAt,
  };
}
