import type { Db } from "../db";
import { computeWindowReport, type ComputeWindowReportOptions } from "./compute-window-report";
import { writeReportWindow } from "./write-report-window";

/**
 * Builds windows in the given order, reading the next window from InfluxDB while the current
 * one is written to PostgreSQL: the two servers work in parallel, and writes stay in order.
 */
export async function generateWindowReports(
  db: Db,
  options: Omit<ComputeWindowReportOptions, "windowStart"> & { windowStarts: readonly number[]; signal?: AbortSignal; onWindow?: (done: number, total: number) => Promise<void> | void },
): Promise<{ windows: number; groups: number }> {
  const { windowStarts, signal, onWindow, ...compute } = options;
  const read = (i: number) => {
    const promise = computeWindowReport(db, { ...compute, windowStart: windowStarts[i] });
    promise.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
    return promise;
  };
  let groups = 0;
  let next = windowStarts.length ? read(0) : undefined;
  for (let i = 0; i < windowStarts.length; i++) {
    if (signal?.aborted) throw new Error("aborted");
    const report = await next!;
    next = i + 1 < windowStarts.length ? read(i + 1) : undefined;
    await writeReportWindow(db, report);
    groups += report.groups.length;
    await onWindow?.(i + 1, windowStarts.length);
  }
  return { windows: windowStarts.length, groups };
}
