import type { Db } from "../db";
import { logger } from "../logger";

export interface MarkImportedRangeOptions {
  importId: string;
  sensorKeys: string[];
  from: Date;
  to: Date;
}

/**
 * Called once after every finished import with the sensors and period it wrote. This is the hook for
 * the coverage ledger (issue 14): mark the range stale there so anomaly judgement and reports redo it.
 * Until that lands it only logs, and nothing else re-judges imported history.
 */
export async function markImportedRange(_db: Db, options: MarkImportedRangeOptions): Promise<void> {
  logger.info({ importId: options.importId, sensors: options.sensorKeys.length, from: options.from, to: options.to }, "import finished: range to re-judge");
}
