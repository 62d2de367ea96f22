import type { z } from "zod";
import type { Db } from "../db";
import { csvFromPages } from "../http/csv";
import { listDeadLetters } from "./list-dead-letters";
import type { deadLetterViewInput } from "./schemas";

export const DEAD_LETTER_CSV_COLUMNS = [
  "id",
  "run_id",
  "job",
  "kind",
  "error_group",
  "last_error",
  "attempts",
  "dead_since",
  "state",
  "replay_run_id",
  "discarded_by",
  "discard_reason",
  "params",
] as const;

/** The dead-letter table's view (same filter and order), every page of it. */
export function exportDeadLettersCsv(db: Db, view: z.output<typeof deadLetterViewInput>): AsyncGenerator<string> {
  return csvFromPages(
    DEAD_LETTER_CSV_COLUMNS,
    async (cursor) => {
      const page = await listDeadLetters(db, { ...view, cursor, limit: 200 });
      return { rows: page.letters, next: page.nextCursor };
    },
    (l) => [
      l.id,
      l.runId,
      l.jobName,
      l.kind,
      l.errorGroup,
      l.lastError,
      l.attempts,
      l.createdAt,
      l.replayRunId ? "replayed" : l.discardedAt ? "discarded" : "pending",
      l.replayRunId,
      l.discardedBy,
      l.discardReason,
      l.params,
    ],
  );
}
