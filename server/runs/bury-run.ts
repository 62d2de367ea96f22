import { inTransaction, type Db } from "../db";
import { emitDomainEvents } from "../domain-events/emit-domain-event";
import { recordDeadLetter } from "../dead-letters/record-dead-letter";

export interface RunToBury {
  id: string;
  kind: string;
  params: unknown;
  definitionId?: string | null;
  jobName?: string | null;
}

/** How a path writes the run's row; resolves false when the row is no longer its to write (closed by another process). */
export type WriteRunRow = (change: { attempts: number; error: RunError } | { status: "dead"; finishedAt: Date }) => Promise<boolean>;

export interface RunError {
  attempt: number;
  at: string;
  message: string;
  durationMs?: number;
}

/**
 * Marks a run dead with its dead letter, in the one order every path keeps (the processor's final
 * failure, a job that stalled past its limit, the reconciler): the row with its last error first,
 * then the dead letter (which refers to the row), then the status, so whoever sees the run dead
 * also finds its dead letter. Returns false when the row was no longer open to this path.
 */
export async function buryRun(
  db: Db,
  options: { run: RunToBury; lastError: string; attempts: number; durationMs?: number; writeRow: WriteRunRow },
): Promise<boolean> {
  const { run, attempts } = options;
  const error: RunError = {
    attempt: attempts,
    at: new Date().toISOString(),
    message: options.lastError,
    ...(options.durationMs === undefined ? {} : { durationMs: options.durationMs }),
  };
  if (!(await options.writeRow({ attempts, error }))) return false;
  await inTransaction(db, async (tx) => {
    const letter = await recordDeadLetter(tx, {
      runId: run.id,
      definitionId: run.definitionId ?? undefined,
      jobName: run.jobName ?? undefined,
      kind: run.kind,
      params: run.params,
      lastError: options.lastError,
      attempts,
    });
    // With the dead letter, so a trigger hears of the death exactly when the letter exists (once per run).
    const about = {
      runId: run.id,
      definitionId: run.definitionId ?? null,
      jobName: run.jobName ?? null,
      kind: run.kind,
      attempts,
      lastError: options.lastError.slice(0, 1_000),
    };
    await emitDomainEvents(tx, [
      { kind: "run.failed", dedupeKey: `run.failed:${run.id}`, payload: { ...about, status: "dead" } },
      { kind: "run.dead_lettered", dedupeKey: `run.dead_lettered:${run.id}`, payload: { ...about, deadLetterId: letter.id, errorGroup: letter.errorGroup } },
    ]);
  });
  return options.writeRow({ status: "dead", finishedAt: new Date() });
}
