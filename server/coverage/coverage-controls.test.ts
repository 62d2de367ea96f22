import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testInflux, writeReadings } from "@/tests/support/influx-readings";
import { gaussian, seededRandom } from "../anomaly/synthetic-series";
import { scanSensorAnomalies } from "../anomaly-scan/scan-sensor-anomalies";
import { db } from "../db";
import { env } from "../env";
import { InfluxClient } from "../influx/influx-client";
import { flagSensorRange } from "../sensor-corrections/flag-sensor-range";
import { removeSensorFlag } from "../sensor-corrections/remove-sensor-flag";
import { cancelBackfill } from "./cancel-backfill";
import { getCoverageOverview } from "./get-coverage-overview";
import { listBackfills } from "./list-backfills";
import { requestBackfill } from "./request-backfill";
import { runCoverageBackfill } from "./run-coverage-backfill";
import { scanCoverageHook } from "./scan-coverage-hook";
import { waitForInfluxLatency } from "./wait-for-influx-latency";

/**
 * The operator's controls over coverage against real PostgreSQL and InfluxDB: cancelling a running
 * backfill, a detector-configuration change (later hours under the new version, earlier ones kept
 * and shown as older until re-judged), the backfills' progress figures, an unflag reopening its range,
 * and the throttle while InfluxDB answers slowly.
 */
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const tag = `ctl-${randomUUID().slice(0, 8)}`;
/** Midnight UTC two days back: whole-day chunks, clear of anything live. */
const T0 = Math.floor(Date.now() / DAY) * DAY - DAY;
const SENSORS = 3;
const copies = ["cancel", "config", "unflag"] as const;
type Copy = (typeof copies)[number];
const key = (copy: Copy, i: number) => `${tag}-${copy}-s${i}`;
const scope = (copy: Copy) => `cov-test-${tag}-${copy}`;
const params = (copy: Copy) => ({ region: `${tag}-${copy}`, scanKey: scope(copy), allowedLatenessMs: 0, warmupMs: 2 * HOUR, quietMs: 7 * DAY });
const bucket = (copy: Copy, at: number) =>
  db.coverageBucket.findUniqueOrThrow({
    where: { kind_scope_bucketStart: { kind: "scan", scope: scope(copy), bucketStart: new Date(Math.floor(at / HOUR) * HOUR) } },
  });

let influx: InfluxClient;
/** The live scan of a copy up to `now`, as the worker runs it. */
const liveScan = (copy: Copy, now: number, config: Record<string, unknown> = {}) =>
  scanSensorAnomalies(db, { ...params(copy), config, initialLookbackMs: 3 * DAY, now, client: influx, onCommit: scanCoverageHook });

describe("coverage controls", () => {
  beforeAll(async () => {
    influx = await testInflux();
    for (const copy of copies) {
      await db.sensor.createMany({
        data: Array.from({ length: SENSORS }, (_, i) => ({
          key: key(copy, i),
          name: key(copy, i),
          quantity: "wind_speed",
          unit: "m/s",
          infraType: "wind_mast",
          region: `${tag}-${copy}`,
          site: "s",
          intervalSeconds: 60,
        })),
      });
      await db.jobDefinition.create({ data: { name: scope(copy), kind: "anomaly-scan", params: params(copy) } });
      const readings = [];
      for (let i = 0; i < SENSORS; i++) {
        const normal = gaussian(seededRandom(i + 1));
        for (let t = T0 - 3 * DAY; t < T0; t += MIN) readings.push({ sensor: key(copy, i), time: t, value: 20 + i + normal() * 0.3 });
      }
      await writeReadings(influx, readings);
    }
  });
  afterAll(async () => {
    await db.jobDefinition.deleteMany({ where: { name: { startsWith: `cov-test-${tag}` } } });
    await db.$disconnect();
  });

  it("a cancelled backfill stops after the chunk it is on, commits nothing more, and frees its scope", async () => {
    await liveScan("cancel", T0);
    const range = {
      kind: "scan" as const,
      scope: scope("cancel"),
      from: T0 - 3 * DAY,
      to: T0,
      onlyStale: false,
      trigger: "manual" as const,
      requestedBy: "test",
    };
    const { backfill, plan } = await requestBackfill(db, range);
    expect(plan.chunks).toHaveLength(3);
    const judgedAt = async () => (await bucket("cancel", T0 - HOUR)).judgedAt;
    const before = await judgedAt();
    const result = await runCoverageBackfill(db, {
      backfillId: backfill!.id,
      influx,
      onProgress: async () => void (await cancelBackfill(db, { id: backfill!.id }).catch(() => undefined)),
    });
    expect(result).toMatchObject({ status: "cancelled", chunksDone: 1 });
    expect(await db.coverageBackfill.findUniqueOrThrow({ where: { id: backfill!.id } })).toMatchObject({ status: "cancelled", chunksDone: 1 });
    // The last day was not re-judged.
    expect(await judgedAt()).toEqual(before);
    await expect(cancelBackfill(db, { id: backfill!.id })).rejects.toMatchObject({ code: "CONFLICT" });
    // Its scope takes a new backfill.
    const again = await requestBackfill(db, range);
    expect(again.backfill?.status).toBe("queued");
    expect((await runCoverageBackfill(db, { backfillId: again.backfill!.id, influx })).status).toBe("succeeded");
  });

  it("a detector configuration change stamps the hours judged after it, keeps the earlier hours' version, and the page shows them as older", async () => {
    const split = T0 - DAY;
    await liveScan("config", split);
    const old = await bucket("config", split - HOUR);
    await liveScan("config", T0, { cooldownMs: 10 * MIN });
    const later = await bucket("config", T0 - HOUR);
    expect(old.configVersion).toBeTruthy();
    expect(later.configVersion).toBeTruthy();
    expect(later.configVersion).not.toBe(old.configVersion);
    expect((await bucket("config", split - HOUR)).configVersion).toBe(old.configVersion);
    expect((await bucket("config", split - HOUR)).state).toBe("covered");
    const overview = await getCoverageOverview(db, { from: split - 2 * HOUR, to: split + 2 * HOUR });
    const strip = overview.strips.find((s) => s.kind === "scan" && s.scope === scope("config"))!;
    expect(strip.cells).toEqual(["outdated", "outdated", "covered", "covered"]);

    // The operator re-judges the older hours under the scope's configuration as it now is.
    await db.jobDefinition.updateMany({ where: { name: scope("config") }, data: { params: { ...params("config"), config: { cooldownMs: 10 * MIN } } } });
    const { backfill } = await requestBackfill(db, {
      kind: "scan",
      scope: scope("config"),
      from: split - 2 * HOUR,
      to: split,
      onlyStale: false,
      trigger: "manual",
      requestedBy: "test",
    });
    await runCoverageBackfill(db, { backfillId: backfill!.id, influx });
    expect((await bucket("config", split - HOUR)).configVersion).toBe(later.configVersion);
    const after = await getCoverageOverview(db, { from: split - 2 * HOUR, to: split + 2 * HOUR });
    expect(after.strips.find((s) => s.kind === "scan" && s.scope === scope("config"))!.cells).toEqual(["covered", "covered", "covered", "covered"]);
  });

  it("the backfills list shows chunks done, readings per second and an ETA while one runs", async () => {
    const { backfill } = await requestBackfill(db, {
      kind: "scan",
      scope: scope("config"),
      from: T0 - 3 * DAY,
      to: T0,
      onlyStale: false,
      trigger: "manual",
      requestedBy: "test",
    });
    const startedAt = new Date(Date.now() - 60_000);
    await db.coverageBackfill.update({ where: { id: backfill!.id }, data: { status: "running", startedAt, chunksDone: 1, readings: 6_000 } });
    const listed = (await listBackfills(db, { now: startedAt.getTime() + 20_000 })).find((b) => b.id === backfill!.id)!;
    expect(listed).toMatchObject({ chunksDone: 1, chunksTotal: 3, readingsPerSecond: 300, etaSeconds: 40 });
    await cancelBackfill(db, { id: backfill!.id });
    const ended = (await listBackfills(db)).find((b) => b.id === backfill!.id)!;
    expect(ended).toMatchObject({ status: "cancelled", etaSeconds: null });
  });

  it("an unflag marks the flagged range stale again, as the flag did", async () => {
    await liveScan("unflag", T0);
    const at = T0 - 5 * HOUR;
    const flag = await flagSensorRange(db, { key: key("unflag", 1), from: new Date(at), to: new Date(at + 30 * MIN), reason: "maintenance", by: "test" });
    expect(await bucket("unflag", at)).toMatchObject({ state: "stale", staleReason: "flag" });
    const { backfill } = await requestBackfill(db, {
      kind: "scan",
      scope: scope("unflag"),
      from: at,
      to: at + HOUR,
      onlyStale: true,
      trigger: "manual",
      requestedBy: "test",
    });
    await runCoverageBackfill(db, { backfillId: backfill!.id, influx });
    expect((await bucket("unflag", at)).state).toBe("covered");
    await removeSensorFlag(db, { id: flag.id, by: "test" });
    expect(await bucket("unflag", at)).toMatchObject({ state: "stale", staleReason: "unflag" });
    expect((await bucket("unflag", at + HOUR)).state).toBe("covered");
  });

  it("between chunks a backfill waits while InfluxDB answers its ping slower than the limit, then goes on", async () => {
    // The real InfluxDB behind a proxy that holds its first two pings for 400 ms.
    let slowPings = 2;
    const target = new URL(env().INFLUX_URL);
    const proxy = http.createServer((req, res) => {
      const forward = () => {
        const upstream = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        req.pipe(upstream);
      };
      if (req.url?.startsWith("/ping") && slowPings-- > 0) setTimeout(forward, 400);
      else forward();
    });
    proxy.listen(0, "127.0.0.1");
    await once(proxy, "listening");
    try {
      const slow = new InfluxClient({
        url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
        database: env().INFLUX_DB,
        token: env().INFLUX_TOKEN,
        timeoutMs: 10_000,
      });
      expect(await waitForInfluxLatency(slow, { limitMs: 250 })).toBe(4_000);
      expect(slowPings).toBeLessThan(0);
      expect(await waitForInfluxLatency(slow, { limitMs: 250 })).toBe(0);
    } finally {
      proxy.close();
    }
  });
});
