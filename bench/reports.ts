/**
 * Report generation against real InfluxDB and PostgreSQL: 1,000 sensors in 40 (type, region)
 * groups, one reading a minute each, 5-minute windows built as the `report` job builds them
 * (aggregates pushed down to InfluxDB, one request per window, one transaction per window).
 * Then the overview and a month of the group table on a long history of 5-minute reports.
 * Prints one JSON line on stdout.   [--quick] [--sensors 1000] [--windows 72] [--history-days 365]
 */
import "../server/load-dotenv";
import { db } from "../server/db";
import { env } from "../server/env";
import { InfluxClient } from "../server/influx/influx-client";
import { computeWindowReports } from "../server/reports/compute-window-reports";
import { generateWindowReports } from "../server/reports/generate-window-reports";
import { getReportsOverview } from "../server/reports/get-reports-overview";
import { listReports } from "../server/reports/list-reports";
import { loadReportSensors } from "../server/reports/load-report-sensors";
import { runReportRollup } from "../server/reports/run-report-rollup";
import { writeReportWindow } from "../server/reports/write-report-window";
import { argValue, progress, quick, summarize } from "./support/processes";

const sensors = argValue("sensors", 1_000);
const windows = argValue("windows", quick ? 24 : 72);
const historyDays = argValue("history-days", quick ? 30 : 365);
const GROUPS = 40;
const W = 300_000;
const PREFIX = "bench-rep";
// Far in the past, so nothing the stores hold for other purposes shares these windows.
const start = Date.UTC(2019, 0, 7);

const influx = new InfluxClient({ url: env().INFLUX_URL, database: `${env().INFLUX_DB}_bench`, token: env().INFLUX_TOKEN, timeoutMs: 120_000 });

async function cleanup() {
  await db.report.deleteMany({ where: { infraType: { startsWith: PREFIX } } });
  await db.reportWindow.deleteMany({ where: { windowStart: { lt: new Date(Date.UTC(2019, 11, 31)) } } });
  await db.sensor.deleteMany({ where: { key: { startsWith: PREFIX } } });
}

async function seed() {
  await influx.query(`DROP DATABASE "${influx.database}"`, { database: "" });
  await influx.query(`CREATE DATABASE "${influx.database}"`, { database: "" });
  await db.sensor.createMany({
    data: Array.from({ length: sensors }, (_, i) => ({
      key: `${PREFIX}-${String(i).padStart(5, "0")}`,
      name: `bench ${i}`,
      quantity: "temperature",
      unit: "°C",
      infraType: `${PREFIX}-type-${i % 4}`,
      region: `region-${Math.floor(i / 4) % (GROUPS / 4)}`,
      site: "bench",
      intervalSeconds: 60,
    })),
  });
  const lines: string[] = [];
  for (let t = start; t < start + windows * W; t += 60_000) {
    for (let i = 0; i < sensors; i++)
      lines.push(`reading,sensor=${PREFIX}-${String(i).padStart(5, "0")} value=${(20 + (i % 13) + Math.sin(t / 3_600_000)).toFixed(3)} ${t + (i % 50) * 100}`);
    if (lines.length >= 20_000) await influx.write(lines.splice(0));
  }
  await influx.write(lines);
}

async function history() {
  // 5-minute reports for the 40 groups over the history, as a year of the job would leave them.
  await db.$executeRaw`
    INSERT INTO "Report" (resolution, "windowStart", "windowEnd", "infraType", region, "sensorCount", readings, expected, completeness, min, mean, max, stddev, p95,
      "sensorsOk", "sensorsLate", "sensorsSilent", "alertsWarning", "alertsCritical")
    SELECT '5m', w, w + interval '5 minutes', ${PREFIX} || '-hist-' || (g % 4), 'region-' || (g / 4), 25, 125, 125, 1, 1, 2, 3, 0.5, 2.9, 25, 0, 0, 0, 0
    FROM generate_series(0, ${GROUPS - 1}::int) AS g,
         generate_series(${new Date(start - historyDays * 86_400_000)}::timestamp, ${new Date(start - W)}::timestamp, interval '5 minutes') AS w`;
}

async function timed<T>(fn: () => Promise<T>, runs = 20) {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return summarize(ms.sort((a, b) => a - b));
}

async function main() {
  await cleanup();
  progress(`reports: seeding ${sensors} sensors × ${windows} windows of readings`);
  await seed();
  const registry = await loadReportSensors(db, { from: start, to: start + windows * W });
  const own = registry.filter((s) => s.key.startsWith(PREFIX));

  // The two halves alone first (InfluxDB reads, PostgreSQL writes), then the pipelined job path.
  const windowStarts = Array.from({ length: windows }, (_, w) => start + w * W);
  const c0 = performance.now();
  const computed = await computeWindowReports(db, { influx, windowStarts, sensors: own });
  const c1 = performance.now();
  for (const r of computed) await writeReportWindow(db, r);
  const c2 = performance.now();
  for (const r of computed) await writeReportWindow(db, r);
  const c3 = performance.now();
  const phases = {
    read_ms_per_window: Math.round((c1 - c0) / windows),
    write_ms_per_window: Math.round((c2 - c1) / windows),
    unchanged_rewrite_ms_per_window: Math.round((c3 - c2) / windows),
  };
  progress(`reports: ${JSON.stringify(phases)}`);
  await db.report.deleteMany({ where: { infraType: { startsWith: PREFIX } } });
  await db.reportWindow.deleteMany({ where: { windowStart: { lt: new Date(Date.UTC(2019, 11, 31)) } } });

  const t0 = performance.now();
  const { groups: groupReports } = await generateWindowReports(db, { influx, windowStarts, sensors: own });
  const generationMs = performance.now() - t0;
  const perMin = Math.round((groupReports / generationMs) * 60_000);
  progress(`reports: ${groupReports} group reports in ${Math.round(generationMs)} ms → ${perMin}/min`);

  const r0 = performance.now();
  const rollup = await runReportRollup(db, { resolution: "1h" });
  const rollupMs = performance.now() - r0;

  progress(`reports: ${historyDays} days of 5-minute history for ${GROUPS} groups`);
  await history();
  const overview = await timed(() => getReportsOverview(db, { resolution: "5m" }));
  const monthTable = await timed(() =>
    listReports(db, {
      infraType: `${PREFIX}-hist-0`,
      region: "region-0",
      period: { from: new Date(start - 30 * 86_400_000), to: new Date(start) },
      resolution: "5m",
      limit: 50,
    }),
  );
  const historyRows = await db.report.count({ where: { infraType: { startsWith: `${PREFIX}-hist` } } });
  await cleanup();
  await influx.query(`DROP DATABASE "${influx.database}"`, { database: "" });

  console.log(
    JSON.stringify({
      reports: {
        sensors: own.length,
        groups: GROUPS,
        windows,
        group_reports: groupReports,
        group_reports_per_min: perMin,
        ms_per_window: Math.round(generationMs / windows),
        ...phases,
        target_group_reports_per_min: { minimum: 5_000, aim: 50_000 },
        rollup_1h_ms_per_window: rollup.windows ? Math.round(rollupMs / rollup.windows) : null,
        history_rows_5m: historyRows,
        overview_ms: { p50: Math.round(overview.p50 * 10) / 10, p95: Math.round(overview.p95 * 10) / 10 },
        group_table_month_ms: { p50: Math.round(monthTable.p50 * 10) / 10, p95: Math.round(monthTable.p95 * 10) / 10 },
      },
    }),
  );
  await db.$disconnect();
}

main().catch(async (err) => {
  console.error(err);
  await cleanup().catch(() => undefined);
  process.exit(1);
});
