import { DelayedError, UnrecoverableError, WaitingError, type Job } from "bullmq";
import type { Db } from "../db";
import type { GristmillJobData } from "../queues/bull-job-options";
import type { RunLogger } from "./job-kind";
import { findJobKind } from "./job-kind-registry";
import { isCompletionSlaBreach } from "../queues/completion-slas";
import { isSlaBreach } from "../queues/priority-classes";
import { logger } from "../logger";
import { buryRun, type WriteRunRow } from "./bury-run";
import type { RunRecorder } from "./run-recorder";

export class RunTimeoutError extends Error {}

export interface RunProcessorOptions {
  db: Db;
  recorder: RunRecorder;
  queue: string;
  workerId: string;
  /** Abort controllers of the runs in flight, for shutdown and heartbeats. */
  inFlight: Map<string, AbortController>;
  /** True once the worker is shutting down: a job fetched in that window goes back untouched. */
  isStopping: () => boolean;
  /** What holds a job back for now (a maintenance window on its scope), if anything: it is not run until then. */
  holdFor?: (job: { kind: string; params: unknown }) => Promise<{ until: number; reason: string; holderId: string } | null>;
}

/** A held job looks again at least this often (its window may end early). */
export const HOLD_RECHECK_MS = 15_000;

/** buryRun's row writes through this process's run recorder, flushed before the dead letter refers to the row. */
export function recorderRow(recorder: RunRecorder, runId: string, definitionId?: string): WriteRunRow {
  return async (change) => {
    recorder.update(runId, { ...change, definitionId });
    await recorder.flush();
    return true;
  };
}

/** The run id of a job: ours for runs enqueued by the console, BullMQ's for runs fired by a schedule. */
export const runIdOf = (job: Job) => (job.data as GristmillJobData | undefined)?.runId ?? job.id!;

function runLogger(recorder: RunRecorder, runId: string, base: Record<string, unknown>): RunLogger {
  const line =
    (level: "info" | "warn" | "error") =>
    (message: string, fields: Record<string, unknown> = {}) => {
      recorder.update(runId, { log: { at: new Date().toISOString(), level, message, ...fields } });
      logger[level]({ ...base, ...fields }, message);
    };
  return { info: line("info"), warn: line("warn"), error: line("error") };
}

/** Whether the run, ending now, took longer than its complexity's target since its first start; kept on the job data for this process's telemetry. */
function completionBreach(data: GristmillJobData, startedAt: number, finishedAt: number): boolean {
  const breached = isCompletionSlaBreach(data.complexity ?? "simple", finishedAt - (data.firstStartedAt ?? startedAt));
  if (breached) data.completionSlaBreached = true;
  return breached;
}

/** Runs one attempt of a job: records it, enforces its timeout, and dead-letters it when no retry can help. */
export function createRunProcessor(options: RunProcessorOptions) {
  const { recorder, queue, workerId } = options;
  return async (job: Job<GristmillJobData>, token?: string): Promise<unknown> => {
    if (options.isStopping()) {
      await job.moveToWait(token);
      throw new WaitingError();
    }
    const data = job.data ?? ({} as GristmillJobData);
    const runId = runIdOf(job);
    const priority = data.priority ?? "P2";
    const attempt = job.attemptsMade + 1;
    // A schedule adds its next firing as a delayed job when the previous one starts: it is queued when it falls due.
    const dueAt = job.timestamp + (job.opts.delay ?? 0);
    const ensureScheduledRow = () =>
      recorder.ensureRow({
        id: runId,
        kind: job.name,
        params: data.params ?? {},
        priority,
        queue,
        trigger: "schedule",
        definitionId: data.definitionId,
        definitionVersion: data.definitionVersion,
        jobName: data.jobName,
        queuedAt: new Date(dueAt),
        complexity: data.complexity,
        scope: data.scope,
        deadlineAt: data.deadlineMs ? new Date(dueAt + data.deadlineMs) : undefined,
      });
    const hold = options.holdFor
      ? await options.holdFor({ kind: job.name, params: data.params }).catch((err) => {
          logger.warn({ event: "job.hold_check_failed", runId, error: (err as Error).message }, "could not check what holds this job; running it");
          return null;
        })
      : null;
    if (hold) {
      const heldAt = Date.now();
      const message = `held: ${hold.reason}, until ${new Date(hold.until).toISOString()}`;
      if (!data.runId) {
        ensureScheduledRow();
        // A schedule's firing: skipped, not piled up; its next firing after the window runs as usual.
        recorder.update(runId, {
          status: "cancelled",
          finishedAt: new Date(heldAt),
          result: { skipped: hold.reason },
          log: { at: new Date(heldAt).toISOString(), level: "info", message: `skipped: ${hold.reason}` },
        });
        return { skipped: hold.reason };
      }
      if (data.heldBy !== hold.holderId) {
        recorder.update(runId, { log: { at: new Date(heldAt).toISOString(), level: "info", message } });
        await job.updateData({ ...data, heldBy: hold.holderId });
      }
      await job.moveToDelayed(Math.min(hold.until, heldAt + HOLD_RECHECK_MS), token);
      throw new DelayedError(message);
    }
    const startedAt = Date.now();
    if (!data.runId) ensureScheduledRow();
    const sla = attempt === 1 && !data.heldBy && isSlaBreach(priority, startedAt - job.timestamp - (job.opts.delay ?? 0));
    if (sla) data.slaBreached = true; // read by the telemetry of this process
    recorder.update(runId, {
      status: "running",
      startedAt: new Date(startedAt),
      attempts: attempt,
      workerId,
      slaBreached: sla,
      definitionId: data.definitionId,
    });

    const controller = new AbortController();
    options.inFlight.set(runId, controller);
    const log = runLogger(recorder, runId, { runId, kind: job.name, attempt });
    let timer: NodeJS.Timeout | undefined;
    try {
      const kind = findJobKind(job.name);
      if (!kind) throw new UnrecoverableError(`Unknown job kind "${job.name}"`);
      const parsed = kind.params.safeParse(data.params ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new UnrecoverableError(`Invalid parameters for ${job.name}: ${issue.path.join(".") || "params"}: ${issue.message}`);
      }
      const timeoutMs = data.timeoutMs ?? 600_000;
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          controller.abort();
          reject(new RunTimeoutError(`timed out after ${timeoutMs} ms`));
        }, timeoutMs);
      });
      const result = await Promise.race([
        kind.run(parsed.data, {
          jobId: runId,
          attempt,
          log,
          signal: controller.signal,
          progress: (p) => job.updateProgress(Math.max(0, Math.min(100, Math.round(p)))),
        }),
        timedOut,
      ]);
      const finishedAt = Date.now();
      const completionSlaBreached = completionBreach(data, startedAt, finishedAt);
      recorder.update(runId, {
        status: "succeeded",
        finishedAt: new Date(finishedAt),
        result: result ?? null,
        definitionId: data.definitionId,
        completionSlaBreached,
      });
      return result ?? null;
    } catch (err) {
      const message = (err as Error).message;
      const final = err instanceof UnrecoverableError || attempt >= (job.opts.attempts ?? 1);
      const error = { attempt, at: new Date().toISOString(), message, durationMs: Date.now() - startedAt };
      if (!final) {
        recorder.update(runId, { status: "queued", error, definitionId: data.definitionId });
        // The completion SLA counts from the first start: the retry must know when that was (telemetry flags stay in memory).
        if (!data.firstStartedAt) await job.updateData({ ...data, slaBreached: undefined, firstStartedAt: startedAt }).catch(() => undefined);
        throw err;
      }
      recorder.update(runId, { completionSlaBreached: completionBreach(data, startedAt, Date.now()) });
      await buryRun(options.db, {
        run: { id: runId, kind: job.name, params: data.params, definitionId: data.definitionId, jobName: data.jobName },
        lastError: message,
        attempts: attempt,
        durationMs: error.durationMs,
        writeRow: recorderRow(recorder, runId, data.definitionId),
      });
      throw err;
    } finally {
      clearTimeout(timer);
      options.inFlight.delete(runId);
    }
  };
}
