import { runInWorkerThread } from "../worker-threads/run-in-worker-thread";
import type { EvaluateScanBatchOptions, EvaluateScanBatchResult } from "./evaluate-scan-batch";

/**
 * evaluateScanBatch on a worker thread, for long catch-up work (backfills over days): the worker
 * process's event loop stays free to start the live scans and reports queued meanwhile.
 */
export function evaluateScanBatchOffThread(options: EvaluateScanBatchOptions): Promise<EvaluateScanBatchResult> {
  return runInWorkerThread<EvaluateScanBatchResult>({ file: "server/anomaly/evaluate-scan-batch-task.ts", name: "evaluateScanBatchTask", payload: options });
}
