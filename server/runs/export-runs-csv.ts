import type { z } from "zod";
import type { Db } from "../db";
import { csvFromPages } from "../http/csv";
import { listRuns } from "./list-runs";
import type { runFilterInput } from "./schemas";

export const RUN_CSV_COLUMNS = [
  "id",
  "job",
  "kind",
  "definition_id",
  "definition_version",
  "status",
  "priority",
  "trigger",
  "triggered_by",
  "queued_at",
  "started_at",
  "finished_at",
  "duration_ms",
  "attempts",
  "sla_breached",
] as const;

/** Run history as the console shows it (same filter and order), every page of it, read by keyset. */
export function exportRunsCsv(db: Db, view: z.output<typeof runFilterInput>): AsyncGenerator<string> {
  return csvFromPages(
    RUN_CSV_COLUMNS,
    async (cursor) => {
      const page = await listRuns(db, { ...view, cursor, limit: 200 });
      return { rows: page.runs, next: page.nextCursor };
    },
    (r) => [
      r.id,
      r.jobName,
      r.kind,
      r.definitionId,
      r.definitionVersion,
      r.status,
      r.priority,
      r.trigger,
      r.triggeredBy,
      r.queuedAt,
      r.startedAt,
      r.finishedAt,
      r.startedAt && r.finishedAt ? r.finishedAt.getTime() - r.startedAt.getTime() : null,
      r.attempts,
      r.slaBreached,
    ],
  );
}
