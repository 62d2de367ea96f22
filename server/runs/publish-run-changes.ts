import { publishEvent } from "../realtime/events";
import { RUN_CHANGES_EVENT, type RunChange } from "./run-change";

/** One live event per recorder flush (not per run), so a busy fleet costs one publish per batch. */
export async function publishRunChanges(changes: RunChange[]): Promise<void> {
  if (changes.length) await publishEvent("runs", RUN_CHANGES_EVENT, changes);
}
