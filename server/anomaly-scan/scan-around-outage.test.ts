import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { seriesOf, type Reading } from "../anomaly/detectors/detector";
import { anomalyConfigSchema } from "../anomaly/schemas";
import { syntheticSeries } from "../anomaly/synthetic-series";
import { db } from "../db";
import { InfluxUnavailableError } from "../influx/influx-client";
import { eventsChannel } from "../realtime/events";
import { createRedis } from "../redis";
import { runAnomalyScan, type ReadingsReader, type RunAnomalyScanOptions } from "./run-anomaly-scan";

const SECOND = 1_000;
const MINUTE = 60_000;
const T0 = Date.UTC(2026, 5, 1, 12);
const LATENESS = 30 * SECOND;

/** A readings store standing in for InfluxDB: it holds what has arrived, and can be taken away. */
function readingsStore(sensorKey: string) {
  const store = { arrived: [] as Reading[], up: true, reads: 0, beforeRead: async () => undefined as unknown };
  const readReadings: ReadingsReader = async function* ({ sensorKeys, from, to }) {
    await store.beforeRead();
    if (!store.up) throw new InfluxUnavailableError("InfluxDB at test is unavailable");
    store.reads++;
    yield { sensorKeys, series: new Map([[sensorKey, seriesOf(store.arrived.filter((r) => r.time > from && r.time <= to).sort((a, b) => a.time - b.time))]]) };
  };
  const probeReadings = async () => {
    if (!store.up) throw new InfluxUnavailableError("InfluxDB at test is unavailable");
  };
  return { store, readReadings, probeReadings };
}

function scanOptions(sensorKey: string, source: ReturnType<typeof readingsStore>, now: number): RunAnomalyScanOptions {
  return {
    scanKey: `test-scan-${sensorKey}`,
    sensors: [{ sensorKey, quantity: "temperature" }],
    readReadings: source.readReadings,
    probeReadings: source.probeReadings,
    config: anomalyConfigSchema.parse({}),
    allowedLatenessMs: LATENESS,
    initialLookbackMs: 10 * MINUTE,
    snapshotEvery: 20,
    quietMs: 30 * MINUTE,
    warmupMs: 0,
    now,
  };
}

/** 10 s readings from T0 − 10 min to T0 + 10 min, with one spike at T0 + spikeOffset. */
function series(spikeOffset: number): { readings: Reading[]; spikeAt: number } {
  const readings = syntheticSeries({ start: T0 - 10 * MINUTE + 10 * SECOND, count: 120, intervalMs: 10 * SECOND, level: 20, noise: 0.5, seed: 11 });
  const spikeAt = T0 + spikeOffset;
  readings.find((r) => r.time === spikeAt)!.value += 30;
  return { readings, spikeAt };
}

describe("anomaly scan around an InfluxDB outage", () => {
  afterAll(() => db.$disconnect());

  it("holds the watermark after an outage until allowed lateness has passed since InfluxDB answered, so readings buffered meanwhile are scanned", async () => {
    const sensorKey = `outage-${randomUUID().slice(0, 8)}`;
    const source = readingsStore(sensorKey);
    const { readings, spikeAt } = series(3 * MINUTE);
    const scan = (now: number) => runAnomalyScan(db, scanOptions(sensorKey, source, now));
    const watermark = async () => (await db.anomalyScanWatermark.findUniqueOrThrow({ where: { scanKey: `test-scan-${sensorKey}` } })).watermark.getTime();

    source.store.arrived.push(...readings.filter((r) => r.time <= T0));
    await scan(T0 + 10 * SECOND);
    expect(await watermark()).toBe(T0 - 20 * SECOND);

    // InfluxDB is away from T0 to T0 + 5 min; the logger keeps what it could not write.
    source.store.up = false;
    await expect(scan(T0 + MINUTE)).rejects.toBeInstanceOf(InfluxUnavailableError);
    await expect(scan(T0 + 4 * MINUTE)).rejects.toBeInstanceOf(InfluxUnavailableError);
    expect(await watermark()).toBe(T0 - 20 * SECOND);

    // Back at T0 + 5 min; the logger's backlog arrives 20 s later. A scan before that must not sweep over the outage.
    source.store.up = true;
    const reads = source.store.reads;
    const first = await scan(T0 + 5 * MINUTE + 5 * SECOND);
    expect(first.heldUntil).toBe(new Date(T0 + 5 * MINUTE + 5 * SECOND + LATENESS).toISOString());
    expect(source.store.reads).toBe(reads);
    source.store.arrived.push(...readings.filter((r) => r.time > T0 && r.time <= T0 + 5 * MINUTE + 20 * SECOND));
    expect((await scan(T0 + 5 * MINUTE + 20 * SECOND)).heldUntil).toBeDefined();
    expect(await watermark()).toBe(T0 - 20 * SECOND);

    const caughtUp = await scan(T0 + 5 * MINUTE + 40 * SECOND);
    expect(caughtUp.heldUntil).toBeUndefined();
    expect(await watermark()).toBe(T0 + 5 * MINUTE + 10 * SECOND);
    const alerts = await db.alert.findMany({ where: { sensorKey, detector: "spike" } });
    expect(alerts.map((a) => a.at.getTime())).toEqual([spikeAt]);
    expect(await db.anomalyScanWatermark.findUniqueOrThrow({ where: { scanKey: `test-scan-${sensorKey}` } })).toMatchObject({
      readingsUnavailableSince: null,
      resumeAt: null,
    });
  });

  it("skips a second scan of the same key while one runs, so a new incident is announced once", async () => {
    const sensorKey = `overlap-${randomUUID().slice(0, 8)}`;
    const source = readingsStore(sensorKey);
    const { readings } = series(-2 * MINUTE);
    source.store.arrived.push(...readings);
    const events = createRedis("subscriber");
    const announced: string[] = [];
    await events.subscribe(eventsChannel());
    events.on("message", (_c, raw) => {
      const message = JSON.parse(raw) as { event: string; payload: { sensorKey: string } };
      if (message.event === "alert:new" && message.payload.sensorKey === sensorKey) announced.push(message.payload.sensorKey);
    });
    try {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      source.store.beforeRead = () => gate;
      const scans = [runAnomalyScan(db, scanOptions(sensorKey, source, T0)), runAnomalyScan(db, scanOptions(sensorKey, source, T0 + SECOND))];
      await new Promise((r) => setTimeout(r, 50));
      release();
      const results = await Promise.all(scans);
      expect(results.map((r) => r.skipped)).toEqual([undefined, "a scan of this scope is running in this worker"]);
      expect(results[0].opened).toBe(1);
      await expect.poll(() => announced.length).toBe(1);
      await new Promise((r) => setTimeout(r, 200));
      expect(announced).toHaveLength(1);
    } finally {
      events.disconnect();
    }
  });

  it("commits nothing when another worker moved the watermark while it evaluated", async () => {
    const sensorKey = `superseded-${randomUUID().slice(0, 8)}`;
    const source = readingsStore(sensorKey);
    const { readings } = series(-2 * MINUTE);
    source.store.arrived.push(...readings);
    const scanKey = `test-scan-${sensorKey}`;
    await db.anomalyScanWatermark.create({ data: { scanKey, watermark: new Date(T0 - 10 * MINUTE) } });
    // The other worker's scan commits while this one reads.
    source.store.beforeRead = () => db.anomalyScanWatermark.update({ where: { scanKey }, data: { watermark: new Date(T0 - MINUTE) } });
    const result = await runAnomalyScan(db, scanOptions(sensorKey, source, T0));
    expect(result.skipped).toMatch(/moved the watermark/);
    expect(await db.alert.count({ where: { sensorKey } })).toBe(0);
    expect((await db.anomalyScanWatermark.findUniqueOrThrow({ where: { scanKey } })).watermark.getTime()).toBe(T0 - MINUTE);
  });
});
