import type { ReadingSeries } from "../anomaly/detectors/detector";
import { evaluateScanBatchOffThread } from "../anomaly/evaluate-scan-batch-off-thread";
import type { AlertCandidate, SensorDetectorState } from "../anomaly/evaluate-sensor-readings";
import type { AnomalyScanParams } from "../anomaly-scan/schemas";
import { withValidRanges } from "../anomaly-scan/with-valid-ranges";
import type { SensorLabels } from "../alerts/write-scan-alerts";
import type { Db } from "../db";
import type { InfluxClient } from "../influx/influx-client";
import { streamSensorReadings } from "../readings/read-sensor-readings";
import { configVersionOf } from "./config-version-of";
import { bucketStartOf } from "./coverage-buckets";

const copyOf = (series: ReadingSeries | undefined): ReadingSeries => ({
  times: series ? series.times.slice() : new Float64Array(0),
  values: series ? series.values.slice() : new Float64Array(0),
});

/** Sensors judged per worker-thread task: tens of milliseconds of detector work. */
const SENSORS_PER_SLICE = 25;
/** Sensors per InfluxDB query in a backfill: a day of 100 sensors at 30 s is ~300,000 readings. */
const SENSORS_PER_READ = 100;

export interface JudgedScanChunk {
  candidates: AlertCandidate[];
  labels: Map<string, SensorLabels>;
  sensorKeys: string[];
  readings: number;
  perBucket: Map<number, { readings: number; newest: number | null }>;
  configVersion: string;
}

/**
 * Judges one chunk [from, to) of a scan scope as the live scan would: detector state is learnt
 * fresh from `warmupMs` of history before `from` (no alerts from it), so the chunk's alerts depend
 * only on the readings, never on which chunks ran before or whether the run was resumed.
 */
export async function judgeScanChunk(
  db: Db,
  options: { params: AnomalyScanParams; from: number; to: number; client?: InfluxClient; signal?: AbortSignal },
): Promise<JudgedScanChunk> {
  const { params, from, to } = options;
  const sensors = await db.sensor.findMany({
    where: { state: "active", infraType: params.infraType, region: params.region, quantity: params.quantity },
    select: { key: true, quantity: true, infraType: true, region: true, validMin: true, validMax: true },
    orderBy: { key: "asc" },
  });
  const config = withValidRanges(params.config, sensors);
  const quantities = new Map(sensors.map((s) => [s.key, s.quantity]));
  const out: JudgedScanChunk = {
    candidates: [],
    labels: new Map(sensors.map((s) => [s.key, { region: s.region, infraType: s.infraType, quantity: s.quantity }])),
    sensorKeys: sensors.map((s) => s.key),
    readings: 0,
    perBucket: new Map(),
    configVersion: configVersionOf(config),
  };
  const states = new Map<string, SensorDetectorState>();

  const judge = async (rangeFrom: number, rangeTo: number, keep: boolean) => {
    // The readers take (from, to]; a chunk is [from, to).
    for (let i = 0; i < out.sensorKeys.length; i += SENSORS_PER_READ) {
      const keys = out.sensorKeys.slice(i, i + SENSORS_PER_READ);
      for await (const chunk of streamSensorReadings(db, { sensorKeys: keys, from: rangeFrom - 1, to: rangeTo - 1, client: options.client })) {
        for (let j = 0; j < chunk.sensorKeys.length; j += SENSORS_PER_SLICE) {
          options.signal?.throwIfAborted();
          const slice = chunk.sensorKeys.slice(j, j + SENSORS_PER_SLICE);
          const result = await evaluateScanBatchOffThread({
            config,
            now: rangeTo,
            // Copies, not views: a view would carry the whole chunk's columns to the worker thread.
            sensors: slice.map((key) => ({ sensorKey: key, quantity: quantities.get(key), state: states.get(key), series: copyOf(chunk.series.get(key)) })),
          });
          for (const [key, state] of result.states) states.set(key, state);
          if (keep) {
            for (const c of result.candidates) if (c.time >= from && c.time < to) out.candidates.push(c);
            for (const key of slice) {
              for (const time of chunk.series.get(key)?.times ?? []) {
                const b = bucketStartOf(time);
                const seen = out.perBucket.get(b) ?? { readings: 0, newest: null };
                out.perBucket.set(b, { readings: seen.readings + 1, newest: Math.max(seen.newest ?? time, time) });
                out.readings++;
              }
            }
          }
        }
      }
    }
  };
  if (params.warmupMs > 0) await judge(from - params.warmupMs, from, false);
  await judge(from, to, true);
  out.candidates.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return out;
}
