import type { Job } from "bullmq";
import type { Db } from "../db";
import { logger } from "../logger";
import type { GristmillJobData } from "../queues/bull-job-options";
import { buryRun } from "./bury-run";
import { recorderRow, runIdOf } from "./execute-run";
import type { RunRecorder } from "./run-recorder";

/** A worker's "failed" event outside the processor: a job that stalled past its limit (its worker died repeatedly) is buried. */
export function buryStalledJob(db: Db, recorder: RunRecorder, job: Job<GristmillJobData>, err: Error): void {
  if (!/stalled/i.test(err.message)) return;
  const runId = runIdOf(job);
  void buryRun(db, {
    run: { id: runId, kind: job.name, params: job.data?.params, definitionId: job.data?.definitionId, jobName: job.data?.jobName },
    lastError: err.message,
    attempts: job.attemptsMade,
    writeRow: recorderRow(recorder, runId, job.data?.definitionId),
  }).catch((buryErr) =>
    logger.error({ event: "job.bury_failed", runId, error: (buryErr as Error).message }, "a stalled run could not be marked dead; the reconciler will retry"),
  );
}
