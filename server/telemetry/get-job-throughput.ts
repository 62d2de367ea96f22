import type { z } from "zod";
import type { Db } from "../db";
import { sumSeries, type SeriesAggregate } from "./job-telemetry";
import { percentiles } from "./latency-histogram";
import { throughputInput } from "./schemas";

export interface ThroughputPoint {
  minute: string;
  completed: number;
  failed: number;
  records: number;
}

/** Per-minute throughput and failures, and latency percentiles per series, from the minute history. */
export async function getJobThroughput(db: Db, options: z.input<typeof throughputInput>, only?: { kinds: string[] }) {
  const { minutes } = throughputInput.parse(options);
  const since = new Date(Math.floor(Date.now() / 60_000) * 60_000 - minutes * 60_000);
  const rows = await db.jobMetricMinute.findMany({
    where: { minute: { gte: since }, kind: only ? { in: only.kinds } : undefined },
    select: {
      minute: true,
      queue: true,
      priority: true,
      kind: true,
      completed: true,
      failed: true,
      records: true,
      slaBreaches: true,
      waitBuckets: true,
      runBuckets: true,
    },
    orderBy: { minute: "asc" },
  });
  // Coarser points for long ranges keep the chart at a few hundred points.
  const step = minutes <= 120 ? 1 : minutes <= 24 * 60 ? 5 : 60;
  const points = new Map<number, ThroughputPoint>();
  for (let t = since.getTime(); t <= Date.now(); t += step * 60_000) {
    points.set(t, { minute: new Date(t).toISOString(), completed: 0, failed: 0, records: 0 });
  }
  for (const row of rows) {
    const key = since.getTime() + Math.floor((row.minute.getTime() - since.getTime()) / (step * 60_000)) * step * 60_000;
    const point = points.get(key);
    if (!point) continue;
    point.completed += row.completed;
    point.failed += row.failed;
    point.records += row.records;
  }
  const series = sumSeries(rows as SeriesAggregate[]).map((s) => ({
    queue: s.queue,
    priority: s.priority,
    kind: s.kind,
    completed: s.completed,
    failed: s.failed,
    records: s.records,
    slaBreaches: s.slaBreaches,
    wait: percentiles(s.waitBuckets),
    run: percentiles(s.runBuckets),
  }));
  return { stepMinutes: step, points: [...points.values()], series };
}

/** The job kinds that build the reports stakeholders read. */
export const REPORT_JOB_KINDS = ["report", "report-rollup", "report-rebuild"];

/** Throughput of the report jobs only: what a stakeholder's dashboard shows (counts and latencies, no parameters or logs). */
export function getReportThroughput(db: Db, options: z.input<typeof throughputInput>) {
  return getJobThroughput(db, options, { kinds: REPORT_JOB_KINDS });
}
