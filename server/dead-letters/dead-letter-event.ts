/** Published on the "runs" topic once a dead letter is written (the run's own "dead" change follows it: see buryRun). */
export const DEAD_LETTER_EVENT = "dead-letter:recorded";

export interface DeadLetterRecorded {
  id: string;
  runId: string;
  definitionId: string | null;
}
