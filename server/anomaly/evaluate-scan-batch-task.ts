import { evaluateScanBatch, type EvaluateScanBatchOptions, type EvaluateScanBatchResult } from "./evaluate-scan-batch";

/** evaluateScanBatch on a worker thread (see evaluateScanBatchOffThread): its result is plain, cloneable data. */
export function evaluateScanBatchTask(input: EvaluateScanBatchOptions): EvaluateScanBatchResult {
  return evaluateScanBatch(input);
}
