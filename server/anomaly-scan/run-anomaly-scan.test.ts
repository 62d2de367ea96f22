import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gaussian, seededRandom } from "../anomaly/synthetic-series";
import { db } from "../db";
import { influx, InfluxClient, InfluxUnavailableError } from "../influx/influx-client";
import { ensureReadingsStore } from "../retention/ensure-readings-store";
import { writeReadings, type ReadingPoint } from "../readings/write-readings";
import { registerSensors } from "../sensors/register-sensors";
import { scanSensorAnomalies } from "./scan-sensor-anomalies";
import { scanStateCache } from "./scan-state-cache";

/**
 * The scan's promises, against real PostgreSQL and InfluxDB: a crash anywhere re-processes the same
 * window with no alert lost or duplicated; detector state survives a restart; late readings inside
 * the allowed lateness are judged; an InfluxDB outage holds the watermark and the next scan catches up.
 * Each case scans its own copy of the same fleet (same readings, own sensor keys), so copies compare.
 */
const MIN = 60_000;
const INTERVAL = 10_000;
const SENSORS = 10;
const run = randomUUID().slice(0, 8);
const now = Math.floor(Date.now() / MIN) * MIN - 10 * MIN;
const schedule = [now - 30 * MIN, now - 20 * MIN, now - 10 * MIN, now];
/** Sensor index → spike time. Two sit a minute into a window, before a cold detector could judge them. */
const spikes = new Map([
  [1, now - 45 * MIN],
  [4, now - 25 * MIN],
  [7, now - 20 * MIN + MIN],
  [2, now - 10 * MIN + MIN],
  [9, now - 3 * MIN],
]);
const lateAt = now - 10 * MIN - 30_000;
const copies = ["ref", "read", "commit", "steady", "restarted", "down", "late", "late0", "twice", "race"] as const;
type Copy = (typeof copies)[number];

const region = (copy: Copy) => `${run}-${copy}`;
const sensorKey = (copy: Copy, i: number) => `${run}-${copy}-s${i}`;
const scanKey = (copy: Copy) => `test-scan-${run}-${copy}`;
const scan = (copy: Copy, at: number, extra: { allowedLatenessMs?: number; client?: InfluxClient } = {}) =>
  scanSensorAnomalies(db, {
    region: region(copy),
    scanKey: scanKey(copy),
    now: at,
    allowedLatenessMs: 0,
    initialLookbackMs: 60 * MIN,
    warmupMs: 0,
    snapshotEvery: 2,
    ...extra,
  });

function fleetReadings(copy: Copy): ReadingPoint[] {
  const points: ReadingPoint[] = [];
  for (let i = 0; i < SENSORS; i++) {
    const normal = gaussian(seededRandom(i + 1));
    for (let t = now - 120 * MIN; t <= now; t += INTERVAL) {
      const value = 20 + i + normal() * 0.3 + (spikes.get(i) === t ? 25 : 0);
      // The late copies' reading at lateAt arrives after their first scan (written by the test).
      if (copy.startsWith("late") && i === 5 && t === lateAt) continue;
      points.push({ sensorKey: sensorKey(copy, i), time: t, value });
    }
  }
  return points;
}

/** A copy's alerts with the copy taken out of the key, so copies compare. */
async function alertsOf(copy: Copy): Promise<string[]> {
  const rows = await db.alert.findMany({ where: { sensorKey: { startsWith: `${run}-${copy}-` } } });
  return rows.map((a) => `${a.sensorKey.slice(`${run}-${copy}-`.length)}|${a.detector}|${a.at.toISOString()}|${a.severity}`).sort();
}

const spikeAlerts = (alerts: string[]) => alerts.filter((a) => a.includes("|spike|")).map((a) => a.split("|").slice(0, 3).join("|"));
const expectedSpikes = (within: (t: number) => boolean = () => true) =>
  [...spikes]
    .filter(([, t]) => within(t))
    .map(([i, t]) => `s${i}|spike|${new Date(t).toISOString()}`)
    .sort();

/** A scan in a process of its own (another worker): SIGKILLed where it hangs, or run to its end with `never`. */
function scanInAnotherProcess(copy: Copy, hangAt: "read" | "commit" | "never"): Promise<void> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join("tests", "fixtures", "scan-until-killed.ts"), region(copy), scanKey(copy), String(now), hangAt],
    {
      cwd: path.resolve(__dirname, "..", ".."),
      env: { ...process.env, LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (output.includes("HANG")) child.kill("SIGKILL");
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk));
    const expected = hangAt === "never" ? "FINISHED" : "HANG";
    child.on("exit", () => (output.includes(expected) ? resolve() : reject(new Error(`scan process did not reach ${expected}:\n${output}`))));
  });
}

/** Reads like the real client, then waits at the gate before answering: a scan paused mid-way. */
class GatedInflux extends InfluxClient {
  private open!: () => void;
  readonly gate = new Promise<void>((resolve) => (this.open = resolve));
  reached!: () => void;
  readonly waiting = new Promise<void>((resolve) => (this.reached = resolve));
  override async query(...args: Parameters<InfluxClient["query"]>) {
    const result = await super.query(...args);
    this.reached();
    await this.gate;
    return result;
  }
  release() {
    this.open();
  }
}

describe("anomaly scan: watermark, idempotency, restarts, late data, outages", () => {
  beforeAll(async () => {
    await ensureReadingsStore(db, { client: influx() });
    for (const copy of copies) {
      await registerSensors(db, {
        sensors: Array.from({ length: SENSORS }, (_, i) => ({
          key: sensorKey(copy, i),
          name: `s${i}`,
          quantity: "temperature",
          unit: "°C",
          infraType: "building",
          region: region(copy),
          site: "test",
          intervalSeconds: 10,
        })),
      });
      await writeReadings(influx(), { points: fleetReadings(copy) });
    }
  });
  afterAll(() => db.$disconnect());

  it("a scan SIGKILLed after reading, or inside its transaction, leaves nothing; the rerun writes exactly the alerts of an uninterrupted scan", async () => {
    await scan("ref", now);
    const reference = await alertsOf("ref");
    expect(spikeAlerts(reference)).toEqual(expectedSpikes((t) => t > now - 60 * MIN));

    for (const copy of ["read", "commit"] as const) {
      await scanInAnotherProcess(copy, copy);
      expect(await alertsOf(copy)).toEqual([]);
      expect(await db.anomalyScanWatermark.findUnique({ where: { scanKey: scanKey(copy) } })).toBeNull();

      const rerun = await scan(copy, now);
      expect(await alertsOf(copy)).toEqual(reference);
      expect(rerun.alerts).toBe(reference.length);
      // The same window again is a no-op, and the watermark moved exactly once.
      expect((await scan(copy, now)).alerts).toBe(0);
      expect(await db.anomalyScanWatermark.findUniqueOrThrow({ where: { scanKey: scanKey(copy) } })).toMatchObject({ watermark: new Date(now), scans: 1 });
      // The killed scan's half-written snapshot was replaced, not added to.
      expect(await db.sensorDetectorSnapshot.count({ where: { scanKey: scanKey(copy) } })).toBe(SENSORS);
    }
  }, 60_000);

  it("two scans of one scope never both commit: in one worker the second is skipped, across workers the later one stands down", async () => {
    const reference = await alertsOf("ref");
    const [first, second] = await Promise.all([scan("twice", now), scan("twice", now)]);
    // Whichever reaches the scan second (both load their sensors first) is skipped.
    expect([first.alerts, second.alerts].sort()).toEqual([0, reference.length]);
    expect([first.skipped, second.skipped].filter(Boolean)).toEqual(["a scan of this scope is running in this worker"]);
    expect(await alertsOf("twice")).toEqual(reference);

    // This worker reads, then another worker scans the same window to its end before this one writes.
    const paused = new GatedInflux({ url: influx().options.url, database: influx().database });
    const pending = scan("race", now, { client: paused });
    await paused.waiting;
    await scanInAnotherProcess("race", "never");
    paused.release();
    expect(await pending).toMatchObject({ skipped: expect.stringMatching(/moved the watermark/), alerts: 0 });
    expect(await alertsOf("race")).toEqual(reference);
    expect(await db.anomalyScanWatermark.findUniqueOrThrow({ where: { scanKey: scanKey("race") } })).toMatchObject({ watermark: new Date(now), scans: 1 });
  }, 60_000);

  it("a restarted worker restores the snapshot and replays the windows since it: the same alerts as one that never stopped", async () => {
    for (const at of schedule) await scan("steady", at);
    const replays: Array<string | undefined> = [];
    for (const [n, at] of schedule.entries()) {
      if (n >= 2) scanStateCache.forget(scanKey("restarted"));
      replays.push((await scan("restarted", at)).replayedFrom);
    }
    // Snapshots after scans 1 and 2 (every 2nd): scan 3 restores scan 2's as is, scan 4 replays window 3 onto it.
    expect(replays).toEqual([undefined, undefined, undefined, new Date(schedule[1]).toISOString()]);
    const steady = await alertsOf("steady");
    expect(spikeAlerts(steady)).toEqual(expectedSpikes((t) => t > schedule[0] - 60 * MIN));
    expect(await alertsOf("restarted")).toEqual(steady);
    expect(await db.sensorDetectorSnapshot.groupBy({ by: ["takenAt"], where: { scanKey: scanKey("restarted") } })).toEqual([
      { takenAt: new Date(schedule[3]) },
    ]);
  });

  it("InfluxDB down: the scans fail, the watermark holds, and the next scan catches the missed windows up", async () => {
    const dead = new InfluxClient({ url: "http://127.0.0.1:9", database: "nowhere", timeoutMs: 500 });
    await scan("down", schedule[0]);
    for (const at of schedule.slice(1, 3)) {
      await expect(scan("down", at, { client: dead })).rejects.toBeInstanceOf(InfluxUnavailableError);
      expect(await db.anomalyScanWatermark.findUniqueOrThrow({ where: { scanKey: scanKey("down") } })).toMatchObject({
        watermark: new Date(schedule[0]),
        scans: 1,
      });
    }
    // Back: the first scan only checks InfluxDB answers and holds for the allowed lateness (0 here), so writers' backlogs land first.
    expect((await scan("down", schedule[3])).heldUntil).toBe(new Date(schedule[3]).toISOString());
    const caughtUp = await scan("down", schedule[3]);
    expect(caughtUp.windowFrom).toBe(new Date(schedule[0]).toISOString());
    expect(spikeAlerts(await alertsOf("down"))).toEqual(expectedSpikes((t) => t > schedule[0] - 60 * MIN));
  });

  it("judges a reading that arrives late but inside the allowed lateness; without lateness it is never judged", async () => {
    const first = now - 10 * MIN;
    await scan("late", first, { allowedLatenessMs: 2 * MIN });
    await scan("late0", first, { allowedLatenessMs: 0 });
    // 30 s before the first scan ran, a reading at lateAt, written only now: a spike.
    await writeReadings(influx(), {
      points: (["late", "late0"] as const).map((copy) => ({ sensorKey: sensorKey(copy, 5), time: lateAt, value: 20 + 5 + 25 })),
    });
    await scan("late", now, { allowedLatenessMs: 2 * MIN });
    await scan("late0", now, { allowedLatenessMs: 0 });
    const late = `s5|spike|${new Date(lateAt).toISOString()}`;
    expect(spikeAlerts(await alertsOf("late"))).toContain(late);
    expect(spikeAlerts(await alertsOf("late0"))).not.toContain(late);
  });
});
