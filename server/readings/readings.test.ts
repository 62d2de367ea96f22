import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededRandom } from "../anomaly/synthetic-series";
import { db } from "../db";
import { env } from "../env";
import { influx, InfluxClient, InfluxQueryError, InfluxUnavailableError } from "../influx/influx-client";
import { aggregateReadings } from "./aggregate-readings";
import { ensureReadingsStore } from "../retention/ensure-readings-store";
import { quoteIdentifier } from "./influxql";
import { queryReadings } from "./query-readings";
import { lastReadings } from "./last-readings";
import { summarizeReadings } from "./summarize-readings";
import { readReadingsSince, streamReadingsSince } from "./read-readings-since";
import { RAW_READINGS_CLASS, RAW_RETENTION_POLICY } from "./readings-schema";
import { sensorFilter } from "./sensor-filter";
import { writeReadings, type ReadingPoint } from "./write-readings";
import { findRetentionClass } from "../retention/retention-classes";

const run = randomUUID().slice(0, 8);
const base = Date.now() - 3_600_000;
const series = (sensorKey: string, count: number, value: (i: number) => number, extra: Partial<ReadingPoint> = {}): ReadingPoint[] =>
  Array.from({ length: count }, (_, i) => ({ sensorKey, time: base + i * 10_000, value: value(i), ...extra }));

describe("readings in InfluxDB", () => {
  beforeAll(() => ensureReadingsStore(db, { client: influx() }));
  afterAll(() => db.$disconnect());

  it("creates the database with the raw readings policy as its default, sized by the retention class", async () => {
    const result = await influx().query(`SHOW RETENTION POLICIES ON ${quoteIdentifier(env().INFLUX_DB)}`);
    const rows = result.results![0].series![0].values.map((v) => ({ name: v[0], duration: v[1], isDefault: v[4] }));
    const days = findRetentionClass(RAW_READINGS_CLASS)!.defaultDays;
    expect(rows).toContainEqual({ name: RAW_RETENTION_POLICY, duration: `${days * 24}h0m0s`, isDefault: true });
  });

  it("writes a batch in several requests and reads every sensor back in one query, in time order", async () => {
    const keys = [0, 1, 2].map((i) => `rt-${run}-${i}`);
    const points = keys.flatMap((k, s) =>
      series(k, 700, (i) => s * 1000 + i, { quantity: "power", infraType: "power_plant", region: "north", site: "plant 1" }),
    );
    const written = await writeReadings(influx(), { points: [...points].reverse(), batchSize: 500 });
    expect(written).toEqual({ written: 2100, batches: 5 });

    const read = await readReadingsSince(influx(), { sensorKeys: [...keys, `absent-${run}`], since: base - 1 });
    expect([...read.keys()].sort()).toEqual(keys);
    for (const [s, k] of keys.entries()) {
      expect(read.get(k)).toEqual(series(k, 700, (i) => s * 1000 + i).map(({ time, value }) => ({ time, value })));
    }
    const window = await readReadingsSince(influx(), { sensorKeys: keys, since: base + 10_000, until: base + 30_000 });
    expect(window.get(keys[0])!.map((r) => r.value)).toEqual([2, 3]);
  });

  it("aggregates per sensor and per bucket, and finds each sensor's last reading, in one query", async () => {
    const keys = [`agg-${run}-a`, `agg-${run}-b`];
    await writeReadings(influx(), { points: [...series(keys[0], 100, (i) => i + 1), ...series(keys[1], 10, () => 5)] });
    const whole = await aggregateReadings(influx(), { sensorKeys: keys, from: base - 1, to: base + 1_000_000 });
    expect(whole.get(keys[0])![0]).toMatchObject({ count: 100, min: 1, max: 100, mean: 50.5, p95: 95 });
    expect(whole.get(keys[0])![0].stddev).toBeCloseTo(29.01, 2);
    expect(whole.get(keys[1])![0]).toMatchObject({ count: 10, min: 5, max: 5, stddev: 0 });
    const buckets = await aggregateReadings(influx(), { sensorKeys: [keys[0]], from: base - 1, to: base + 999_999, bucketMs: 100_000 });
    expect(
      buckets
        .get(keys[0])!
        .map((b) => b.count)
        .reduce((a, b) => a + b, 0),
    ).toBe(100);
    expect(buckets.get(keys[0])!.length).toBeGreaterThanOrEqual(10);

    const last = await lastReadings(influx(), { sensorKeys: keys });
    expect(last.get(keys[0])).toEqual({ time: base + 99 * 10_000, value: 100 });
    expect(last.get(keys[1])).toEqual({ time: base + 9 * 10_000, value: 5 });
  });

  it("summarises readings in JS exactly as InfluxDB aggregates them (the path for corrected sensors)", async () => {
    const key = `sum-${run}`;
    const noise = seededRandom(7);
    const points = series(key, 333, () => Math.round(noise() * 100_000) / 1000);
    await writeReadings(influx(), { points });
    const readings = points.map(({ time, value }) => ({ time, value }));
    for (const bucketMs of [undefined, 600_000]) {
      const fromInflux = (await aggregateReadings(influx(), { sensorKeys: [key], from: base - 1, to: base + 4_000_000, bucketMs })).get(key)!;
      const here = summarizeReadings(readings, { from: base - 1, bucketMs });
      expect(here.map((b) => [b.count, b.min, b.max, b.p95])).toEqual(fromInflux.map((b) => [b.count, b.min, b.max, b.p95]));
      here.forEach((b, i) => {
        expect(b.mean).toBeCloseTo(fromInflux[i].mean!, 9);
        expect(b.stddev).toBeCloseTo(fromInflux[i].stddev!, 9);
        if (bucketMs) expect(b.time).toBe(fromInflux[i].time);
      });
    }
  });

  it("stores a key with quotes, commas, spaces, backslashes and newlines intact, and it cannot change the query", async () => {
    const hostile = `${run} it's "x", y=z \\ back\\slash\nnew line\\ a.b|c/(d)*[e]`;
    const injection = `${run}' OR "sensor" =~ /.*/ OR 'x`;
    const wildcard = `${run}.*`;
    const neighbour = `${run}-neighbour`;
    await writeReadings(influx(), { points: [...series(hostile, 3, (i) => i), ...series(neighbour, 3, () => 99)], batchSize: 2 });

    const read = await readReadingsSince(influx(), { sensorKeys: [hostile], since: base - 1 });
    expect([...read.keys()]).toEqual([hostile]);
    expect(read.get(hostile)!.map((r) => r.value)).toEqual([0, 1, 2]);
    expect((await lastReadings(influx(), { sensorKeys: [hostile] })).get(hostile)?.value).toBe(2);

    // A key crafted to widen the WHERE clause matches no sensor at all.
    expect((await readReadingsSince(influx(), { sensorKeys: [injection], since: base - 1 })).size).toBe(0);
    expect((await readReadingsSince(influx(), { sensorKeys: [wildcard], since: base - 1 })).size).toBe(0);
    expect((await aggregateReadings(influx(), { sensorKeys: [injection], from: base - 1, to: Date.now() })).size).toBe(0);
  });

  it("runs several statements in one request, decodes sensor keys, and reads a missing database as empty only when asked", async () => {
    const key = `q-${run} 100%25 \\ back\nslash`;
    await writeReadings(influx(), { points: series(key, 3, (i) => i + 1) });
    const where = `WHERE ${sensorFilter([key])} AND time >= ${base}ms`;
    const statements = [`SELECT count("value") FROM "reading" ${where} GROUP BY "sensor"`, `SELECT last("value") FROM "reading" ${where}`];
    const [counts, last] = await queryReadings(influx(), statements);
    expect(counts).toEqual([{ sensorKey: key, columns: ["time", "count"], values: [[base, 3]] }]);
    // Not grouped by sensor: no key.
    expect(last).toEqual([{ sensorKey: "", columns: ["time", "last"], values: [[base + 20_000, 3]] }]);

    const missing = new InfluxClient({ ...influx().options, database: `never-created-${run}` });
    for (const some of [statements.slice(0, 1), statements]) {
      await expect(queryReadings(missing, some)).rejects.toBeInstanceOf(InfluxQueryError);
      expect(await queryReadings(missing, some, { missingDatabaseIsEmpty: true })).toEqual(some.map(() => []));
    }
    // Any other refusal still fails.
    await expect(queryReadings(influx(), ["SELEC nonsense"], { missingDatabaseIsEmpty: true })).rejects.toBeInstanceOf(InfluxQueryError);
  });

  it("refuses a batch with a value InfluxDB cannot store before writing any of it", async () => {
    const key = `bad-${run}`;
    await expect(writeReadings(influx(), { points: [...series(key, 3, (i) => i), { sensorKey: key, time: base, value: Number.NaN }] })).rejects.toThrow(
      /Invalid reading/,
    );
    expect((await readReadingsSince(influx(), { sensorKeys: [key], since: base - 1 })).size).toBe(0);
  });

  it("reads many sensors in chunks of one query each, every chunk naming its sensors", async () => {
    const keys = Array.from({ length: 2_500 }, (_, i) => `chunk-${run}-${i}`);
    await writeReadings(influx(), { points: keys.filter((_, i) => i % 2 === 0).map((sensorKey, i) => ({ sensorKey, time: base + i, value: i })) });
    const read = await readReadingsSince(influx(), { sensorKeys: keys, since: base - 1 });
    expect(read.size).toBe(1_250);
    expect(read.get(keys[2_498])).toEqual([{ time: base + 1_249, value: 1_249 }]);
    expect(read.has(keys[2_499])).toBe(false);

    const chunks = [];
    for await (const chunk of streamReadingsSince(influx(), { sensorKeys: keys, since: base - 1 })) chunks.push(chunk);
    expect(chunks.map((c) => c.sensorKeys.length)).toEqual([1_000, 1_000, 500]);
    expect(chunks.flatMap((c) => c.sensorKeys)).toEqual(keys);
    expect(chunks.reduce((n, c) => n + c.series.size, 0)).toBe(1_250);
    // Columns, not objects: each sensor's readings are views into one pair of arrays per chunk.
    const [first] = chunks;
    const series = first.series.get(keys[0])!;
    expect([...series.times]).toEqual([base]);
    expect([...series.values]).toEqual([0]);
    expect(series.times.buffer).toBe(first.series.get(keys[2])!.times.buffer);
  });

  it("tells a refused query from an unreachable server, after a bounded number of retries", async () => {
    await expect(influx().query("SELEC nonsense")).rejects.toBeInstanceOf(InfluxQueryError);
    const down = new InfluxClient({ url: "http://127.0.0.1:9", database: "nowhere", timeoutMs: 500 });
    const started = Date.now();
    await expect(readReadingsSince(down, { sensorKeys: ["a"], since: 0 })).rejects.toBeInstanceOf(InfluxUnavailableError);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
