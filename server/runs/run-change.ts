import type { RunStatus } from "../db/generated/enums";

/** The live event a worker publishes on the "runs" topic after each recorder flush. */
export const RUN_CHANGES_EVENT = "run:changes";

/** What one flush changed for one run, for live subscribers (new log lines and errors only). */
export interface RunChange {
  id: string;
  definitionId: string | null;
  status: RunStatus | null;
  attempts: number | null;
  startedAt: string | null;
  finishedAt: string | null;
  logs: unknown[];
  errors: unknown[];
}
