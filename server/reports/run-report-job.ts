import type { z } from "zod";
import type { Db } from "../db";
import type { InfluxClient } from "../influx/influx-client";
import { generateWindowReports } from "./generate-window-reports";
import { quoteIdentifier, timeLiteral } from "../readings/influxql";
import { loadReportSensors } from "./load-report-sensors";
import { queryReadings } from "../readings/query-readings";
import { READING_FIELD, READING_MEASUREMENT } from "../readings/readings-schema";
import { fixedLengthMs } from "./report-windows";
import type { ReportWindowHook } from "./write-report-window";
import { runReportJobInput } from "./schemas";

const STEP = fixedLengthMs["5m"];

export interface RunReportJobOptions extends z.input<typeof runReportJobInput> {
  influx: InfluxClient;
  now?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => Promise<void> | void;
  onWindowWritten?: ReportWindowHook;
}

/** Raw reading counts per 5-minute bucket in [from, to): one cheap query for the late-data check. */
async function countsPerWindow(influx: InfluxClient, from: number, to: number): Promise<Map<number, number>> {
  const [series] = await queryReadings(
    influx,
    [
      `SELECT count(${quoteIdentifier(READING_FIELD)}) AS "count" FROM ${quoteIdentifier(READING_MEASUREMENT)} WHERE time >= ${timeLiteral(from)} AND time < ${timeLiteral(to)} GROUP BY time(5m) fill(0)`,
    ],
    { missingDatabaseIsEmpty: true },
  );
  const counts = new Map<number, number>();
  for (const [time, count] of series[0]?.values ?? []) counts.set(Number(time), Number(count));
  return counts;
}

/**
 * The `report` job: re-checks the last built windows for late readings (their raw count
 * changed) and rebuilds those, then builds every closed window from the watermark up to
 * now − allowed lateness, oldest first. Each window is its own transaction, so an interrupted
 * run resumes where it stopped.
 */
export async function runReportJob(db: Db, options: RunReportJobOptions) {
  const { influx, now = Date.now(), signal, onProgress, onWindowWritten, ...rest } = options;
  const params = runReportJobInput.parse(rest);
  const closedUntil = Math.floor((now - params.allowedLatenessMs) / STEP) * STEP;
  const latest = await db.reportWindow.findFirst({ where: { resolution: "5m", generatedAt: { not: null } }, orderBy: { windowStart: "desc" } });
  const watermark = latest ? latest.windowEnd.getTime() : Math.floor((now - params.initialLookbackMs) / STEP) * STEP;

  const recheckFrom = watermark - params.recheckWindows * STEP;
  const built =
    params.recheckWindows > 0 && latest
      ? await db.reportWindow.findMany({ where: { resolution: "5m", windowStart: { gte: new Date(recheckFrom), lt: new Date(watermark) } } })
      : [];
  const counts = built.length ? await countsPerWindow(influx, recheckFrom, watermark) : new Map<number, number>();
  const late = built.filter((w) => (counts.get(w.windowStart.getTime()) ?? 0) !== w.rawReadings).map((w) => w.windowStart.getTime());

  const fresh: number[] = [];
  for (let t = watermark; t + STEP <= closedUntil && fresh.length < params.maxWindows; t += STEP) fresh.push(t);
  const windows = [...late.sort((a, b) => a - b), ...fresh];
  if (windows.length === 0) return { windows: 0, regenerated: 0, groups: 0, watermark: new Date(watermark).toISOString() };

  const sensors = await loadReportSensors(db, { from: windows[0], to: windows[windows.length - 1] + STEP });
  const { groups } = await generateWindowReports(db, {
    influx,
    windowStarts: windows,
    sensors,
    chunkSize: params.chunkSize,
    signal,
    onWindow: onProgress,
    onWindowWritten,
  });
  const last = fresh.length ? fresh[fresh.length - 1] + STEP : watermark;
  return {
    windows: windows.length,
    regenerated: late.length,
    groups,
    watermark: new Date(last).toISOString(),
    lateWindows: late.map((t) => new Date(t).toISOString()),
  };
}
