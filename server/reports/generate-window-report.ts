import type { Db } from "../db";
import { computeWindowReports, type ComputeWindowReportsOptions } from "./compute-window-reports";
import { writeReportWindow } from "./write-report-window";

/** Computes one 5-minute window's reports and stores them (one transaction). */
export async function generateWindowReport(db: Db, options: Omit<ComputeWindowReportsOptions, "windowStarts"> & { windowStart: number }) {
  const [report] = await computeWindowReports(db, { ...options, windowStarts: [options.windowStart] });
  const { changed } = await writeReportWindow(db, report);
  return { windowStart: report.windowStart, groups: report.groups.length, sensors: report.sensorCount, readings: report.rawReadings ?? 0, changed };
}
