import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testInflux, writeReadings } from "@/tests/support/influx-readings";
import { gaussian, seededRandom } from "../anomaly/synthetic-series";
import { scanSensorAnomalies } from "../anomaly-scan/scan-sensor-anomalies";
import { db } from "../db";
import type { InfluxClient } from "../influx/influx-client";
import { ingestLineProtocol } from "../ingest/ingest-line-protocol";
import { runReportJob } from "../reports/run-report-job";
import { flagSensorRange } from "../sensor-corrections/flag-sensor-range";
import { setSensorCalibration } from "../sensor-corrections/set-sensor-calibration";
import { runSensorImport } from "../imports/run-sensor-import";
import { queueCoverageBackfills } from "./queue-coverage-backfills";
import { reportCoverageHook } from "./report-coverage-hook";
import { requestBackfill } from "./request-backfill";
import { BackfillSupersededError, runCoverageBackfill } from "./run-coverage-backfill";
import { scanCoverageHook } from "./scan-coverage-hook";

/**
 * The coverage ledger against real PostgreSQL and InfluxDB: readings written late (an hour, three
 * days), an imported file, a flag and a calibration reopen their hours; the automatic filler queues
 * a backfill that judges them and rebuilds the reports; a backfill killed mid-way (in-process, and a
 * real process SIGKILLed inside a chunk's transaction) resumes with the alerts of an uninterrupted one; two runs of one backfill never both commit a chunk.
 */
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const tag = `cov-${randomUUID().slice(0, 8)}`;
/** Hour-aligned, a day back: clear of anything live. */
const T0 = Math.floor(Date.now() / HOUR) * HOUR - DAY;
const SENSORS = 3;

const copies = ["late", "kill", "whole", "race", "fix", "imp", "crash"] as const;
type Copy = (typeof copies)[number];
const region = (copy: Copy) => `${tag}-${copy}`;
const key = (copy: Copy, i: number) => `${tag}-${copy}-s${i}`;
const scope = (copy: Copy) => `cov-test-${tag}-${copy}`;

/** Spikes per copy: sensor index and time. */
const spikes: Record<Copy, Array<[number, number]>> = {
  late: [
    [0, T0 - 3 * DAY + 30 * MIN],
    [1, T0 - 90 * MIN],
  ],
  kill: [
    [0, T0 - 2 * DAY - 5 * HOUR],
    [1, T0 - DAY - 7 * HOUR],
    [2, T0 - 3 * HOUR],
  ],
  whole: [
    [0, T0 - 2 * DAY - 5 * HOUR],
    [1, T0 - DAY - 7 * HOUR],
    [2, T0 - 3 * HOUR],
  ],
  race: [
    [0, T0 - 2 * DAY - 5 * HOUR],
    [1, T0 - DAY - 7 * HOUR],
    [2, T0 - 3 * HOUR],
  ],
  crash: [
    [0, T0 - 2 * DAY - 5 * HOUR],
    [1, T0 - DAY - 7 * HOUR],
    [2, T0 - 3 * HOUR],
  ],
  fix: [[2, T0 - 5 * HOUR + 10 * MIN]],
  imp: [[1, T0 - 2 * DAY + 20 * MIN]],
};
/** Readings held back and delivered late (the late copy), or by import (the imp copy). */
const withheld: Partial<Record<Copy, Array<[number, number, number]>>> = {
  late: [
    [0, T0 - 3 * DAY, T0 - 3 * DAY + HOUR],
    [1, T0 - 2 * HOUR, T0 - HOUR],
  ],
  imp: [[1, T0 - 2 * DAY, T0 - 2 * DAY + HOUR]],
};

function valueAt(copy: Copy, i: number, t: number, normal: () => number) {
  const spike = spikes[copy].some(([s, at]) => s === i && at === t);
  return 20 + i + normal() * 0.3 + (spike ? 25 : 0);
}

function readingsOf(copy: Copy, from: number, to: number) {
  const all: Array<{ sensor: string; time: number; value: number; held: boolean }> = [];
  for (let i = 0; i < SENSORS; i++) {
    const normal = gaussian(seededRandom(i + 1));
    for (let t = from; t < to; t += MIN) {
      const held = (withheld[copy] ?? []).some(([s, a, b]) => s === i && t >= a && t < b);
      all.push({ sensor: key(copy, i), time: t, value: valueAt(copy, i, t, normal), held });
    }
  }
  return all;
}

let influx: InfluxClient;
const scanParams = (copy: Copy) => ({ region: region(copy), scanKey: scope(copy), allowedLatenessMs: 0, warmupMs: 2 * HOUR, quietMs: 7 * DAY });
const liveScan = (copy: Copy, lookbackMs: number) =>
  scanSensorAnomalies(db, { ...scanParams(copy), initialLookbackMs: lookbackMs, now: T0, client: influx, onCommit: scanCoverageHook });

/** Runs every backfill that is queued, as workers would. */
async function drainBackfills() {
  for (let n = 0; n < 20; n++) {
    const next = await db.coverageBackfill.findFirst({ where: { status: { in: ["queued", "running"] } }, orderBy: { createdAt: "asc" } });
    if (!next) return;
    await runCoverageBackfill(db, { backfillId: next.id, influx });
  }
  throw new Error("backfills keep coming");
}

const bucket = (copy: Copy, at: number) =>
  db.coverageBucket.findUnique({
    where: { kind_scope_bucketStart: { kind: "scan", scope: scope(copy), bucketStart: new Date(Math.floor(at / HOUR) * HOUR) } },
  });
const alertTimes = async (copy: Copy) =>
  (await db.alert.findMany({ where: { sensorKey: { startsWith: `${tag}-${copy}-` }, detector: "spike" } }))
    .map((a) => `${a.sensorKey.slice(-2)}@${a.at.getTime()}`)
    .sort();
const strippedAlerts = async (copy: Copy) =>
  (await db.alert.findMany({ where: { sensorKey: { startsWith: `${tag}-${copy}-` } }, orderBy: { key: "asc" } }))
    .map((a) => ({ ...a, key: a.key.replaceAll(copy, "X"), sensorKey: a.sensorKey.replace(copy, "X"), incidentId: "", firstSeenAt: null }))
    .sort((a, b) => a.key.localeCompare(b.key));

describe("coverage ledger and backfills", () => {
  beforeAll(async () => {
    influx = await testInflux();
    // Reports cover every active sensor: only this file's count here, and the ledger starts empty.
    await db.sensor.updateMany({ where: { state: "active" }, data: { state: "retired" } });
    await db.coverageBackfill.updateMany({ where: { status: { in: ["awaiting_confirmation", "queued", "running"] } }, data: { status: "cancelled" } });
    await db.coverageBucket.deleteMany();
    await db.reportWindow.deleteMany();
    await db.report.deleteMany();
    await db.jobDefinition.deleteMany({ where: { kind: "anomaly-scan", name: { startsWith: "cov-test-" } } });
    for (const copy of copies) {
      await db.sensor.createMany({
        data: Array.from({ length: SENSORS }, (_, i) => ({
          key: key(copy, i),
          name: key(copy, i),
          quantity: "wind_speed",
          unit: "m/s",
          infraType: "wind_mast",
          region: region(copy),
          site: "s",
          intervalSeconds: 60,
        })),
      });
      await db.jobDefinition.create({ data: { name: scope(copy), kind: "anomaly-scan", params: scanParams(copy) } });
      const from = copy === "fix" ? T0 - DAY : T0 - 4 * DAY;
      await writeReadings(
        influx,
        readingsOf(copy, from, T0).filter((r) => !r.held),
      );
    }
  });
  afterAll(async () => {
    await db.jobDefinition.deleteMany({ where: { name: { startsWith: scope("late").slice(0, -4) } } });
    await db.$disconnect();
  });

  it("judges readings that arrive an hour and three days late, through the write API", async () => {
    await liveScan("late", 4 * DAY - 2 * HOUR);
    expect((await bucket("late", T0 - 3 * DAY))?.state).toBe("covered");
    expect(await alertTimes("late")).toEqual([]);

    const source = await db.ingestSource.create({ data: { name: `${tag}-src`, tokenHash: `${tag}-hash`, tokenPrefix: "x" } });
    const late = readingsOf("late", T0 - 4 * DAY, T0).filter((r) => r.held);
    const body = late.map((r) => `reading,sensor=${r.sensor} value=${r.value} ${r.time}`).join("\n");
    await ingestLineProtocol(db, { source, body, unitNs: 1_000_000n, influx });
    expect((await bucket("late", T0 - 3 * DAY))?.state).toBe("stale");
    expect((await bucket("late", T0 - 2 * HOUR))?.state).toBe("stale");
    expect((await bucket("late", T0 - 2 * DAY))?.state).toBe("covered");

    const { queued } = await queueCoverageBackfills(db, { confirmAboveSensorBuckets: 1_000_000 });
    expect(queued).toBeGreaterThanOrEqual(1);
    const backfill = await db.coverageBackfill.findFirstOrThrow({ where: { scope: scope("late") } });
    // Coalesced: two stale hours three days apart are two chunks of one backfill, not the days between.
    expect(backfill.chunks).toEqual([
      [T0 - 3 * DAY, T0 - 3 * DAY + HOUR],
      [T0 - 2 * HOUR, T0 - HOUR],
    ]);
    await drainBackfills();
    expect(await alertTimes("late")).toEqual(spikes.late.map(([i, at]) => `s${i}@${at}`).sort());
    const judged = await bucket("late", T0 - 3 * DAY);
    expect(judged).toMatchObject({ state: "covered", readings: SENSORS * 60, staleSince: null });
  });

  it("a backfill killed mid-way resumes from its last chunk with exactly the alerts of an uninterrupted one", async () => {
    const range = { kind: "scan" as const, from: T0 - 3 * DAY, to: T0, onlyStale: false, trigger: "manual" as const, requestedBy: "test" };
    for (const copy of ["kill", "whole"] as const) await liveScan(copy, HOUR);
    const whole = await requestBackfill(db, { ...range, scope: scope("whole") });
    await runCoverageBackfill(db, { backfillId: whole.backfill!.id, influx });

    const killed = await requestBackfill(db, { ...range, scope: scope("kill") });
    expect(killed.plan).toMatchObject({ sensors: SENSORS, buckets: 3 * 24, sensorBuckets: SENSORS * 3 * 24 });
    const abort = new AbortController();
    await expect(runCoverageBackfill(db, { backfillId: killed.backfill!.id, influx, signal: abort.signal, onProgress: () => abort.abort() })).rejects.toThrow();
    const midway = await db.coverageBackfill.findUniqueOrThrow({ where: { id: killed.backfill!.id } });
    expect(midway.chunksDone).toBe(1);
    await runCoverageBackfill(db, { backfillId: killed.backfill!.id, influx });
    expect((await db.coverageBackfill.findUniqueOrThrow({ where: { id: killed.backfill!.id } })).status).toBe("succeeded");

    expect(await alertTimes("whole")).toEqual(expect.arrayContaining(spikes.whole.map(([i, at]) => `s${i}@${at}`)));
    expect(await strippedAlerts("kill")).toEqual(await strippedAlerts("whole"));
    // A rerun writes the same rows and opens no incident.
    const incidents = await db.alertIncident.count({ where: { sensorKey: { startsWith: `${tag}-whole-` } } });
    const rerun = await requestBackfill(db, { ...range, scope: scope("whole") });
    await runCoverageBackfill(db, { backfillId: rerun.backfill!.id, influx });
    expect(await db.alertIncident.count({ where: { sensorKey: { startsWith: `${tag}-whole-` } } })).toBe(incidents);
    expect(await strippedAlerts("whole")).toEqual(await strippedAlerts("kill"));
  });

  it("a backfill process SIGKILLed inside a chunk's transaction commits nothing of it, and the resumed run yields the uninterrupted one's alerts", async () => {
    const range = {
      kind: "scan" as const,
      scope: scope("crash"),
      from: T0 - 3 * DAY,
      to: T0,
      onlyStale: false,
      trigger: "manual" as const,
      requestedBy: "test",
    };
    await liveScan("crash", HOUR);
    const { backfill } = await requestBackfill(db, range);
    const child = spawn(process.execPath, ["--import", "tsx", path.join("tests", "fixtures", "backfill-until-killed.ts"), backfill!.id], {
      cwd: path.resolve(__dirname, "..", ".."),
      env: { ...process.env, LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on("data", (chunk: Buffer) => {
        output += chunk;
        if (output.includes("HANG")) child.kill("SIGKILL");
      });
      child.stderr!.on("data", (chunk: Buffer) => (output += chunk));
      child.on("exit", () => (output.includes("HANG") ? resolve() : reject(new Error(`backfill process did not reach its second chunk:\n${output}`))));
    });
    const killed = await db.coverageBackfill.findUniqueOrThrow({ where: { id: backfill!.id } });
    expect(killed).toMatchObject({ status: "running", chunksDone: 1 });
    // The second chunk's alerts were written in its transaction and died with it: only the first day's spike is there.
    const [firstFrom, firstTo] = (killed.chunks as Array<[number, number]>)[0];
    expect(await alertTimes("crash")).toEqual(spikes.crash.filter(([, at]) => at >= firstFrom && at < firstTo).map(([i, at]) => `s${i}@${at}`));
    await runCoverageBackfill(db, { backfillId: backfill!.id, influx });
    expect((await db.coverageBackfill.findUniqueOrThrow({ where: { id: backfill!.id } })).status).toBe("succeeded");
    expect(await strippedAlerts("crash")).toEqual(await strippedAlerts("whole"));
  });

  it("two runs of one backfill never both commit a chunk, and a second backfill of the scope is refused", async () => {
    const range = {
      kind: "scan" as const,
      scope: scope("race"),
      from: T0 - 3 * DAY,
      to: T0,
      onlyStale: false,
      trigger: "manual" as const,
      requestedBy: "test",
    };
    await liveScan("race", HOUR);
    const { backfill } = await requestBackfill(db, range);
    await expect(requestBackfill(db, range)).rejects.toMatchObject({ code: "CONFLICT" });
    const results = await Promise.allSettled([
      runCoverageBackfill(db, { backfillId: backfill!.id, influx }),
      runCoverageBackfill(db, { backfillId: backfill!.id, influx }),
    ]);
    const rejected = results.filter((r) => r.status === "rejected");
    expect(rejected).toHaveLength(1);
    expect((rejected[0] as PromiseRejectedResult).reason).toBeInstanceOf(BackfillSupersededError);
    const row = await db.coverageBackfill.findUniqueOrThrow({ where: { id: backfill!.id } });
    expect(row).toMatchObject({ status: "succeeded", chunksDone: (row.chunks as unknown[]).length });
    expect(await strippedAlerts("race")).toEqual(await strippedAlerts("whole"));
  });

  it("a flag changes its window's report figures and resolves the alerts on flagged readings; a calibration rebuilds reports", async () => {
    await liveScan("fix", DAY - 2 * HOUR);
    // Reports start here: earlier tests' rebuilds would move the live report job's watermark.
    await db.reportWindow.deleteMany();
    await db.report.deleteMany();
    await runReportJob(db, {
      influx,
      now: T0 + 3 * MIN,
      allowedLatenessMs: 2 * MIN,
      initialLookbackMs: 6 * HOUR,
      recheckWindows: 0,
      onWindowWritten: reportCoverageHook(),
    });
    const spikeAt = spikes.fix[0][1];
    const window = Math.floor(spikeAt / (5 * MIN)) * 5 * MIN;
    const group = () =>
      db.report.findUniqueOrThrow({
        where: { resolution_windowStart_infraType_region: { resolution: "5m", windowStart: new Date(window), infraType: "wind_mast", region: region("fix") } },
      });
    expect((await group()).readings).toBe(SENSORS * 5);
    const incident = await db.alertIncident.findFirstOrThrow({ where: { sensorKey: key("fix", 2) } });
    expect(incident.status).not.toBe("resolved");

    // Three readings around the spike: a hole shorter than the gap detector's, so only the spike's alert is on flagged readings.
    await flagSensorRange(db, { key: key("fix", 2), from: new Date(spikeAt - MIN), to: new Date(spikeAt + MIN), reason: "maintenance", by: "test" });
    const reportBucket = await db.coverageBucket.findUniqueOrThrow({
      where: { kind_scope_bucketStart: { kind: "report", scope: `wind_mast/${region("fix")}`, bucketStart: new Date(T0 - 5 * HOUR) } },
    });
    expect(reportBucket.state).toBe("stale");
    await queueCoverageBackfills(db, { confirmAboveSensorBuckets: 1_000_000 });
    await drainBackfills();
    expect((await group()).readings).toBe(SENSORS * 5 - 2);
    expect(await db.alertIncident.findUniqueOrThrow({ where: { id: incident.id } })).toMatchObject({
      status: "resolved",
      resolvedBy: "readings flagged: maintenance",
    });

    const at = T0 - 2 * HOUR;
    const sensorMean = async () =>
      (await db.reportSensor.findFirstOrThrow({ where: { sensorKey: key("fix", 1), report: { resolution: "1h", windowStart: new Date(at) } } })).mean!;
    const before = await sensorMean();
    await setSensorCalibration(db, { key: key("fix", 1), slope: 2, offset: 1, effectiveFrom: new Date(T0 - 3 * HOUR), by: "test" });
    await queueCoverageBackfills(db, { confirmAboveSensorBuckets: 1_000_000 });
    await drainBackfills();
    // The hourly rollup is rebuilt from the rebuilt 5-minute reports.
    expect(await sensorMean()).toBeCloseTo(before * 2 + 1, 6);
  });

  it("an imported file's range is judged and reported", async () => {
    await liveScan("imp", 4 * DAY - 2 * HOUR);
    const held = readingsOf("imp", T0 - 4 * DAY, T0).filter((r) => r.held);
    const csv = ["timestamp,value", ...held.map((r) => `${new Date(r.time).toISOString()},${r.value}`)].join("\n");
    const record = await db.sensorImport.create({
      data: { fileName: "imp.csv", sha256: `${tag}-imp`, format: "csv", timeZone: "UTC", columnMap: { value: key("imp", 1) }, content: Buffer.from(csv) },
    });
    await runSensorImport(db, { importId: record.id, influx });
    expect((await bucket("imp", T0 - 2 * DAY))?.state).toBe("stale");
    await queueCoverageBackfills(db, { confirmAboveSensorBuckets: 1_000_000 });
    await drainBackfills();
    expect(await alertTimes("imp")).toEqual(spikes.imp.map(([i, at]) => `s${i}@${at}`));
    expect(await bucket("imp", T0 - 2 * DAY)).toMatchObject({ state: "covered", readings: SENSORS * 60 });
    const hourly = await db.report.findUniqueOrThrow({
      where: {
        resolution_windowStart_infraType_region: { resolution: "1h", windowStart: new Date(T0 - 2 * DAY), infraType: "wind_mast", region: region("imp") },
      },
    });
    expect(hourly.readings).toBe(SENSORS * 60);
  });

  it("a large automatic backfill waits for confirmation with its dry run", async () => {
    await db.coverageBucket.updateMany({ where: { kind: "scan", scope: scope("whole") }, data: { state: "stale" } });
    await queueCoverageBackfills(db, { confirmAboveSensorBuckets: 10 });
    const waiting = await db.coverageBackfill.findFirstOrThrow({ where: { scope: scope("whole"), status: "awaiting_confirmation" } });
    expect(waiting.dryRun).toMatchObject({
      sensors: SENSORS,
      sensorBuckets: expect.any(Number),
      readings: expect.any(Number),
      estimatedSeconds: expect.any(Number),
    });
    expect((waiting.dryRun as { sensorBuckets: number }).sensorBuckets).toBeGreaterThan(10);
    expect(waiting.runId).toBeNull();
  });
});
