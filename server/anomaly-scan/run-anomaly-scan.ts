import type { ReadingSeries } from "../anomaly/detectors/detector";
import { evaluateScanBatch } from "../anomaly/evaluate-scan-batch";
import type { AlertCandidate, SensorDetectorState } from "../anomaly/evaluate-sensor-readings";
import type { AnomalyConfig } from "../anomaly/schemas";
import { autoResolveIncidents } from "../alerts/auto-resolve-incidents";
import { writeScanAlerts, type SensorLabels } from "../alerts/write-scan-alerts";
import { inTransaction, type Db, type Tx } from "../db";
import { InfluxUnavailableError } from "../influx/influx-client";
import { logger } from "../logger";
import type { ReadingsChunk } from "../readings/read-readings-since";
import { scanStateCache } from "./scan-state-cache";
import { loadStateSnapshot, snapshotScanState } from "./state-snapshots";

export interface ScanSensor extends SensorLabels {
  sensorKey: string;
  quantity?: string | null;
}

/** Readings with from < time <= to, per sensor, in time order, a chunk of sensors at a time. */
export type ReadingsReader = (options: { sensorKeys: string[]; from: number; to: number }) => AsyncIterable<ReadingsChunk>;

export interface RunAnomalyScanOptions {
  scanKey: string;
  sensors: readonly ScanSensor[];
  readReadings: ReadingsReader;
  config: AnomalyConfig;
  /** Readings may arrive this late; the scan evaluates up to now − lateness so they are not missed. */
  allowedLatenessMs: number;
  /** Where a scan that has never run starts. */
  initialLookbackMs: number;
  /** Snapshot detector state every N scans (a restart replays at most N scans of readings). */
  snapshotEvery: number;
  /** Incidents quiet this long resolve themselves. */
  quietMs: number;
  /** A sensor the scan has no state for learns from this much history before the window (no alerts from it); 0: starts cold. */
  warmupMs?: number;
  /** Resolves once the readings store answers again after an outage; throws InfluxUnavailableError while it does not. */
  probeReadings?: () => Promise<void>;
  /** Runs inside the scan's transaction with what it judged (e.g. to record coverage); a failure rolls the scan back. */
  onCommit?: ScanCommitHook;
  now?: number;
}

/** Readings judged per time bucket of `bucketMs` (bucket start → count and newest time). */
export type JudgedBuckets = Map<number, { readings: number; newest: number | null }>;

export interface ScanCommitHook {
  bucketMs: number;
  write(tx: Tx, judged: { scanKey: string; config: AnomalyConfig; from: number; to: number; buckets: JudgedBuckets }): Promise<void>;
}

export interface AnomalyScanResult {
  windowFrom: string;
  windowTo: string;
  sensors: number;
  records: number;
  alerts: number;
  opened: number;
  autoResolved: number;
  replayedFrom?: string;
  /** After an outage: nothing is evaluated before this time, so the readings writers buffered meanwhile are in. */
  heldUntil?: string;
  /** Why the scan did nothing: another scan of the same scope was running, or committed this window first. */
  skipped?: string;
}

const noReadings: ReadingSeries = { times: new Float64Array(0), values: new Float64Array(0) };

/** Scopes with a scan in flight in this process: they share the cached detector state, which a scan consumes in place. */
const scansInFlight = new Set<string>();

interface EvaluatedWindow {
  states: Map<string, SensorDetectorState>;
  candidates: AlertCandidate[];
  records: number;
  buckets: JudgedBuckets;
}

function countPerBucket(into: JudgedBuckets, bucketMs: number, times: Float64Array): void {
  let i = 0;
  while (i < times.length) {
    const start = Math.floor(times[i] / bucketMs) * bucketMs;
    let newest = times[i];
    let n = 0;
    for (; i < times.length && times[i] < start + bucketMs; i++, n++) newest = times[i];
    const seen = into.get(start) ?? { readings: 0, newest: null };
    into.set(start, { readings: seen.readings + n, newest: Math.max(seen.newest ?? newest, newest) });
  }
}

/**
 * Runs the detectors over (from, to] for the given sensors, each chunk of sensors as soon as its
 * readings arrive (the reader is fetching the next chunk meanwhile). States are consumed.
 */
async function evaluateWindow(
  options: RunAnomalyScanOptions,
  sensors: readonly ScanSensor[],
  states: Map<string, SensorDetectorState>,
  from: number,
  to: number,
): Promise<EvaluatedWindow> {
  const quantities = new Map(sensors.map((s) => [s.sensorKey, s.quantity ?? undefined]));
  const out: EvaluatedWindow = { states: new Map(), candidates: [], records: 0, buckets: new Map() };
  const bucketMs = options.onCommit?.bucketMs;
  for await (const chunk of options.readReadings({ sensorKeys: sensors.map((s) => s.sensorKey), from, to })) {
    const result = evaluateScanBatch({
      config: options.config,
      now: to,
      sensors: chunk.sensorKeys.map((key) => ({
        sensorKey: key,
        quantity: quantities.get(key),
        state: states.get(key),
        series: chunk.series.get(key) ?? noReadings,
      })),
    });
    for (const [key, state] of result.states) out.states.set(key, state);
    for (const candidate of result.candidates) out.candidates.push(candidate);
    for (const { times } of chunk.series.values()) {
      out.records += times.length;
      if (bucketMs) countPerBucket(out.buckets, bucketMs, times);
    }
  }
  return out;
}

/** Rebuilds detector state up to `until` from the last snapshot and the readings since; alerts were already written. */
async function restoreStates(db: Db, options: RunAnomalyScanOptions, snapshotAt: number | null, until: number) {
  const states = snapshotAt === null ? new Map<string, SensorDetectorState>() : await loadStateSnapshot(db, { scanKey: options.scanKey, takenAt: snapshotAt });
  if (snapshotAt === null || snapshotAt >= until) return { states, replayedFrom: undefined };
  const replay = await evaluateWindow(options, options.sensors, states, snapshotAt, until);
  return { states: replay.states, replayedFrom: snapshotAt };
}

/** Sensors new to the scan learn their baseline from recent history, so their first window is judged like the rest. */
async function warmUpNewSensors(options: RunAnomalyScanOptions, states: Map<string, SensorDetectorState>, until: number): Promise<void> {
  const cold = options.sensors.filter((s) => !states.has(s.sensorKey));
  if (!options.warmupMs || cold.length === 0) return;
  const warmed = await evaluateWindow(options, cold, states, until - options.warmupMs, until);
  for (const [key, state] of warmed.states) states.set(key, state);
}

/**
 * One scan: evaluate the readings in (watermark, now − lateness], then write the alerts and advance
 * the watermark in one transaction. A failure anywhere leaves the watermark where it was, so the
 * next scan evaluates the same window again, and deterministic alert keys make that a no-op.
 *
 * After a scan found InfluxDB unavailable, writers could not write either and will send what they
 * buffered once it answers: the watermark then holds until allowed lateness has passed since the
 * scan saw InfluxDB answer again, rather than sweeping over the outage before the backlog is in.
 *
 * One scan per scope at a time: a second one in this process is skipped (a schedule firing while a
 * long catch-up runs), and across processes the watermark moves by compare-and-set.
 *
 * Every `snapshotEvery` scans the detector state is snapshotted once the alerts are committed, outside
 * the transaction (10,000 sensors' state is tens of megabytes); see state-snapshots.ts.
 */
export async function runAnomalyScan(db: Db, options: RunAnomalyScanOptions): Promise<AnomalyScanResult> {
  if (scansInFlight.has(options.scanKey)) {
    const at = new Date(options.now ?? Date.now()).toISOString();
    return {
      windowFrom: at,
      windowTo: at,
      sensors: options.sensors.length,
      records: 0,
      alerts: 0,
      opened: 0,
      autoResolved: 0,
      skipped: "a scan of this scope is running in this worker",
    };
  }
  scansInFlight.add(options.scanKey);
  try {
    return await scanOnce(db, options);
  } finally {
    scansInFlight.delete(options.scanKey);
  }
}

async function scanOnce(db: Db, options: RunAnomalyScanOptions): Promise<AnomalyScanResult> {
  const now = options.now ?? Date.now();
  const row = await db.anomalyScanWatermark.findUnique({ where: { scanKey: options.scanKey } });
  const from = row?.watermark.getTime() ?? now - options.initialLookbackMs;
  const to = now - options.allowedLatenessMs;
  const empty = {
    windowFrom: new Date(from).toISOString(),
    windowTo: new Date(Math.max(from, to)).toISOString(),
    sensors: options.sensors.length,
    records: 0,
    alerts: 0,
    opened: 0,
    autoResolved: 0,
  };
  const held = (until: Date) => ({ ...empty, windowTo: empty.windowFrom, heldUntil: until.toISOString() });

  try {
    if (row?.readingsUnavailableSince) {
      await options.probeReadings?.();
      const resumeAt = new Date(now + options.allowedLatenessMs);
      await db.anomalyScanWatermark.update({ where: { scanKey: options.scanKey }, data: { readingsUnavailableSince: null, resumeAt } });
      return held(resumeAt);
    }
    if (row?.resumeAt && now < row.resumeAt.getTime()) return held(row.resumeAt);
    if (to <= from) return empty;

    let cached = scanStateCache.get(options.scanKey);
    let replayedFrom: number | undefined;
    if (!cached || cached.stateWatermark !== from) {
      const restored = await restoreStates(db, options, row?.stateWatermark?.getTime() ?? null, from);
      cached = { stateWatermark: from, states: restored.states };
      replayedFrom = restored.replayedFrom;
    }
    await warmUpNewSensors(options, cached.states, from);
    const { states, candidates, records, buckets } = await evaluateWindow(options, options.sensors, cached.states, from, to);
    const labels = new Map(options.sensors.map((s) => [s.sensorKey, { region: s.region, infraType: s.infraType, quantity: s.quantity }]));
    const scans = (row?.scans ?? 0) + 1;
    const written = await inTransaction(db, async (tx) => {
      const result = await writeScanAlerts(tx, { candidates, labels });
      await advanceWatermark(tx, { scanKey: options.scanKey, from: row ? row.watermark : null, to, scans });
      await options.onCommit?.write(tx, { scanKey: options.scanKey, config: options.config, from, to, buckets });
      return result;
    });
    scanStateCache.set(options.scanKey, { stateWatermark: to, states });
    if (scans % options.snapshotEvery === 0 || !row) await snapshotScanState(db, { scanKey: options.scanKey, takenAt: to, states });
    const autoResolved = await autoResolveIncidents(db, { now: to, quietMs: options.quietMs });
    return {
      ...empty,
      windowTo: new Date(to).toISOString(),
      records,
      alerts: written.alerts,
      opened: written.opened,
      autoResolved,
      replayedFrom: replayedFrom === undefined ? undefined : new Date(replayedFrom).toISOString(),
    };
  } catch (err) {
    scanStateCache.forget(options.scanKey);
    if (err instanceof ScanSupersededError) {
      // Its alerts were rolled back; the scan that committed first wrote the same window's.
      logger.info(
        { event: "anomaly_scan.superseded", scanKey: options.scanKey, windowFrom: empty.windowFrom },
        "another scan of this scope committed this window first",
      );
      return { ...empty, skipped: "another scan of this scope moved the watermark first" };
    }
    if (err instanceof InfluxUnavailableError && row) {
      await db.anomalyScanWatermark
        .updateMany({ where: { scanKey: options.scanKey, readingsUnavailableSince: null }, data: { readingsUnavailableSince: new Date(now) } })
        .catch(() => undefined); // PostgreSQL may be away too; the scan fails either way
    }
    throw err;
  }
}

/** Another scan of the same scope (another worker, or a schedule firing while this one ran long) committed first. */
class ScanSupersededError extends Error {}

/**
 * Moves the watermark only from where this scan started: two scans of one scope that overlap (two
 * workers, or a long catch-up while the schedule fires again) cannot both commit, and the watermark
 * never moves back.
 */
async function advanceWatermark(tx: Tx, options: { scanKey: string; from: Date | null; to: number; scans: number }): Promise<void> {
  const data = { watermark: new Date(options.to), scans: options.scans, resumeAt: null };
  if (options.from) {
    const { count } = await tx.anomalyScanWatermark.updateMany({ where: { scanKey: options.scanKey, watermark: options.from }, data });
    if (count === 0) throw new ScanSupersededError();
    return;
  }
  try {
    await tx.anomalyScanWatermark.create({ data: { scanKey: options.scanKey, ...data } });
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") throw new ScanSupersededError();
    throw err;
  }
}
