import type { Db } from "../db";
import { computeWindowReport, type ComputeWindowReportOptions } from "./compute-window-report";
import { writeReportWindow } from "./write-report-window";

/** Computes one 5-minute window's reports and stores them (one transaction). */
export async function generateWindowReport(db: Db, options: ComputeWindowReportOptions) {
  const report = await computeWindowReport(db, options);
  const { changed } = await writeReportWindow(db, report);
  return { windowStart: report.windowStart, groups: report.groups.length, sensors: report.sensorCount, readings: report.rawReadings ?? 0, changed };
}
