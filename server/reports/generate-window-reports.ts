import type { Db } from "../db";
import { computeWindowReports, type ComputeWindowReportsOptions } from "./compute-window-reports";
import { fixedLengthMs } from "./report-windows";
import { writeReportWindow, type ReportWindowHook } from "./write-report-window";

const W = fixedLengthMs["5m"];

/** Ascending window starts cut into runs of consecutive windows, at most `size` each. */
function consecutiveBatches(windowStarts: readonly number[], size: number): number[][] {
  const batches: number[][] = [];
  for (const start of windowStarts) {
    const last = batches[batches.length - 1];
    if (last && last.length < size && last[last.length - 1] + W === start) last.push(start);
    else batches.push([start]);
  }
  return batches;
}

/**
 * Builds windows in ascending order, a batch of consecutive windows per InfluxDB request, and
 * reads the next batch while the current one is written to PostgreSQL (one transaction per
 * window), so both servers work at once and writes stay in order.
 */
export async function generateWindowReports(
  db: Db,
  options: Omit<ComputeWindowReportsOptions, "windowStarts"> & {
    windowStarts: readonly number[];
    /** Windows per InfluxDB request. */
    batchWindows?: number;
    signal?: AbortSignal;
    onWindow?: (done: number, total: number) => Promise<void> | void;
    onWindowWritten?: ReportWindowHook;
  },
): Promise<{ windows: number; groups: number }> {
  const { windowStarts, batchWindows, signal, onWindow, onWindowWritten, ...compute } = options;
  const batches = consecutiveBatches(
    [...windowStarts].sort((a, b) => a - b),
    batchWindows ?? 12,
  );
  const read = (i: number) => {
    const promise = computeWindowReports(db, { ...compute, windowStarts: batches[i] });
    promise.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
    return promise;
  };
  let groups = 0;
  let done = 0;
  let next = batches.length ? read(0) : undefined;
  for (let i = 0; i < batches.length; i++) {
    const reports = await next!;
    next = i + 1 < batches.length ? read(i + 1) : undefined;
    for (const report of reports) {
      if (signal?.aborted) throw new Error("aborted");
      await writeReportWindow(db, report, onWindowWritten);
      groups += report.groups.length;
      await onWindow?.(++done, windowStarts.length);
    }
  }
  return { windows: windowStarts.length, groups };
}
