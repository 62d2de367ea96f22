import type { Reading } from "../anomaly/detectors/detector";
import { evaluateScanBatch } from "../anomaly/evaluate-scan-batch";
import type { SensorDetectorState } from "../anomaly/evaluate-sensor-readings";
import type { AnomalyConfig } from "../anomaly/schemas";
import { restoreSensorState } from "../anomaly/sensor-state-codec";
import { autoResolveIncidents } from "../alerts/auto-resolve-incidents";
import { writeScanAlerts, type SensorLabels } from "../alerts/write-scan-alerts";
import { inTransaction, type Db } from "../db";
import { scanStateCache } from "./scan-state-cache";

export interface ScanSensor extends SensorLabels {
  sensorKey: string;
  quantity?: string | null;
}

/** Readings with from < time <= to, per sensor, in time order; one query for many sensors. */
export type ReadingsReader = (options: { sensorKeys: string[]; from: number; to: number }) => Promise<Map<string, Reading[]>>;

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
  now?: number;
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
}

async function readAll(options: RunAnomalyScanOptions, from: number, to: number): Promise<Map<string, Reading[]>> {
  return options.readReadings({ sensorKeys: options.sensors.map((s) => s.sensorKey), from, to });
}

/** Rebuilds detector state up to `until` from the last snapshot and the readings since; alerts were already written. */
async function restoreStates(db: Db, options: RunAnomalyScanOptions, snapshotAt: number | null, until: number) {
  const rows = await db.sensorDetectorSnapshot.findMany({ where: { scanKey: options.scanKey } });
  const states = new Map<string, SensorDetectorState>(rows.map((r) => [r.sensorKey, restoreSensorState(JSON.stringify(r.state))]));
  const from = snapshotAt ?? until;
  if (from < until) {
    const readings = await readAll(options, from, until);
    const replay = evaluateScanBatch({
      config: options.config,
      now: until,
      sensors: options.sensors.map((s) => ({ sensorKey: s.sensorKey, quantity: s.quantity ?? undefined, state: states.get(s.sensorKey), readings: readings.get(s.sensorKey) ?? [] })),
    });
    return { states: replay.states, replayedFrom: from };
  }
  return { states, replayedFrom: undefined };
}

/** Sensors new to the scan learn their baseline from recent history, so their first window is judged like the rest. */
async function warmUpNewSensors(options: RunAnomalyScanOptions, states: Map<string, SensorDetectorState>, until: number): Promise<void> {
  const cold = options.sensors.filter((s) => !states.has(s.sensorKey));
  if (!options.warmupMs || cold.length === 0) return;
  const history = await options.readReadings({ sensorKeys: cold.map((s) => s.sensorKey), from: until - options.warmupMs, to: until });
  const warmed = evaluateScanBatch({
    config: options.config,
    now: until,
    sensors: cold.map((s) => ({ sensorKey: s.sensorKey, quantity: s.quantity ?? undefined, state: undefined, readings: history.get(s.sensorKey) ?? [] })),
  });
  for (const [key, state] of warmed.states) states.set(key, state);
}

/**
 * One scan: evaluate the readings in (watermark, now − lateness], then write the alerts and advance
 * the watermark in one transaction. A failure anywhere leaves the watermark where it was, so the
 * next scan evaluates the same window again, and deterministic alert keys make that a no-op.
 */
export async function runAnomalyScan(db: Db, options: RunAnomalyScanOptions): Promise<AnomalyScanResult> {
  const now = options.now ?? Date.now();
  const row = await db.anomalyScanWatermark.findUnique({ where: { scanKey: options.scanKey } });
  const from = row?.watermark.getTime() ?? now - options.initialLookbackMs;
  const to = now - options.allowedLatenessMs;
  const empty = { windowFrom: new Date(from).toISOString(), windowTo: new Date(Math.max(from, to)).toISOString(), sensors: options.sensors.length, records: 0, alerts: 0, opened: 0, autoResolved: 0 };
  if (to <= from) return empty;

  try {
    let cached = scanStateCache.get(options.scanKey);
    let replayedFrom: number | undefined;
    if (!cached || cached.stateWatermark !== from) {
      const restored = await restoreStates(db, options, row?.stateWatermark?.getTime() ?? null, from);
      cached = { stateWatermark: from, states: restored.states };
      replayedFrom = restored.replayedFrom;
    }
    await warmUpNewSensors(options, cached.states, from);
    const readings = await readAll(options, from, to);
    const { states, candidates } = evaluateScanBatch({
      config: options.config,
      now: to,
      sensors: options.sensors.map((s) => ({ sensorKey: s.sensorKey, quantity: s.quantity ?? undefined, state: cached!.states.get(s.sensorKey), readings: readings.get(s.sensorKey) ?? [] })),
    });
    const labels = new Map(options.sensors.map((s) => [s.sensorKey, { region: s.region, infraType: s.infraType, quantity: s.quantity }]));
    const scans = (row?.scans ?? 0) + 1;
    const snapshot = scans % options.snapshotEvery === 0 || !row;

    const written = await inTransaction(db, async (tx) => {
      const result = await writeScanAlerts(tx, { candidates, labels });
      if (snapshot) {
        await tx.sensorDetectorSnapshot.deleteMany({ where: { scanKey: options.scanKey } });
        await tx.sensorDetectorSnapshot.createMany({ data: [...states].map(([sensorKey, state]) => ({ scanKey: options.scanKey, sensorKey, state: state as object })) });
      }
      const stateWatermark = snapshot ? new Date(to) : row?.stateWatermark;
      await tx.anomalyScanWatermark.upsert({
        where: { scanKey: options.scanKey },
        create: { scanKey: options.scanKey, watermark: new Date(to), stateWatermark, scans },
        update: { watermark: new Date(to), stateWatermark, scans },
      });
      return result;
    });
    scanStateCache.set(options.scanKey, { stateWatermark: to, states });
    const autoResolved = await autoResolveIncidents(db, { now: to, quietMs: options.quietMs });
    let records = 0;
    for (const list of readings.values()) records += list.length;
    return { ...empty, windowTo: new Date(to).toISOString(), records, alerts: written.alerts, opened: written.opened, autoResolved, replayedFrom: replayedFrom === undefined ? undefined : new Date(replayedFrom).toISOString() };
  } catch (err) {
    scanStateCache.forget(options.scanKey);
    throw err;
  }
}
