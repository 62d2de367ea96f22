import { afterCommit } from "../audit/audit-scope";
import type { Db } from "../db";
import { logger } from "../logger";
import { publishEvent } from "../realtime/events";
import { DEAD_LETTER_EVENT, type DeadLetterRecorded } from "./dead-letter-event";

/** Error messages grouped by their shape: numbers and ids stripped, so one failure mode is one group. */
export function errorGroupOf(message: string): string {
  return message
    .replace(/[0-9a-f]{8,}/gi, "…")
    .replace(/\d+/g, "N")
    .slice(0, 160);
}

export interface RecordDeadLetterOptions {
  runId: string;
  definitionId?: string | null;
  jobName?: string | null;
  kind: string;
  params: unknown;
  lastError: string;
  attempts: number;
}

/** A run that will not be retried again lands here with its payload and last error (once per run). */
export async function recordDeadLetter(db: Db, options: RecordDeadLetterOptions) {
  const letter = await db.deadLetter.upsert({
    where: { runId: options.runId },
    create: { ...options, params: (options.params ?? {}) as object, errorGroup: errorGroupOf(options.lastError) },
    update: { lastError: options.lastError, attempts: options.attempts },
  });
  const event: DeadLetterRecorded = { id: letter.id, runId: letter.runId, definitionId: letter.definitionId };
  // Inside buryRun's transaction: announced once the letter is there to be read.
  await afterCommit(() =>
    publishEvent("runs", DEAD_LETTER_EVENT, event).catch((err) => {
      logger.warn({ event: "dead_letter.publish_failed", error: (err as Error).message }, "dead letter recorded but not announced");
    }),
  );
  return letter;
}
