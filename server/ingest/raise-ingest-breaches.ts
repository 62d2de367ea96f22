import { writeScanAlerts, type SensorLabels } from "../alerts/write-scan-alerts";
import { evaluateScanBatch } from "../anomaly/evaluate-scan-batch";
import { detectorNames } from "../anomaly/detectors/registry";
import { anomalyConfigSchema } from "../anomaly/schemas";
import type { Db } from "../db";
import type { ReadingColumns } from "../readings/reading-columns";
import { seriesOf } from "../anomaly/detectors/detector";

export interface BreachSensor extends SensorLabels {
  id: string;
  key: string;
  validMin: number | null;
  validMax: number | null;
}

const onlyThreshold = Object.fromEntries(detectorNames.filter((n) => n !== "threshold").map((n) => [n, { enabled: false }]));

/**
 * A reading outside its sensor's valid range raises its alert at ingest, without waiting for the next
 * scan: the same threshold detector and bucket, so the alert key is the one the scan will upsert
 * (one alert, one incident). Sensors with a calibration or a flag are left to the scan, which judges
 * their corrected values. Returns the number of alerts written.
 */
export async function raiseIngestBreaches(
  db: Db,
  options: { readings: ReadingColumns; sensors: ReadonlyMap<string, BreachSensor>; now?: number },
): Promise<number> {
  const { keys, keyIndex, timesMs, values } = options.readings;
  const range = keys.map((key) => options.sensors.get(key));
  // Indexes of the readings outside their sensor's valid range: a typed-array walk, no object per reading.
  const outside: number[] = [];
  for (let i = 0; i < keyIndex.length; i++) {
    const s = range[keyIndex[i]];
    if (s !== undefined && ((s.validMin !== null && values[i] < s.validMin) || (s.validMax !== null && values[i] > s.validMax))) outside.push(i);
  }
  if (outside.length === 0) return 0;
  const ids = [...new Set(outside.map((i) => range[keyIndex[i]]!.id))];
  const [calibrated, flagged] = await Promise.all([
    db.sensorCalibration.findMany({ where: { sensorId: { in: ids } }, select: { sensorId: true }, distinct: ["sensorId"] }),
    db.sensorFlag.findMany({ where: { sensorId: { in: ids } }, select: { sensorId: true }, distinct: ["sensorId"] }),
  ]);
  const corrected = new Set([...calibrated, ...flagged].map((c) => c.sensorId));
  const bySensor = new Map<string, Array<{ time: number; value: number }>>();
  for (const i of outside) {
    const s = range[keyIndex[i]]!;
    if (corrected.has(s.id)) continue;
    (bySensor.get(s.key) ?? bySensor.set(s.key, []).get(s.key)!).push({ time: timesMs[i], value: values[i] });
  }
  if (bySensor.size === 0) return 0;
  const sensors = [...bySensor.keys()].map((key) => options.sensors.get(key)!);
  const config = anomalyConfigSchema.parse({
    defaults: onlyThreshold,
    sensors: Object.fromEntries(
      sensors.map((s) => [
        s.key,
        { threshold: { params: { ...(s.validMin !== null ? { validMin: s.validMin } : {}), ...(s.validMax !== null ? { validMax: s.validMax } : {}) } } },
      ]),
    ),
  });
  const { candidates } = evaluateScanBatch({
    config,
    now: options.now ?? Date.now(),
    sensors: sensors.map((s) => ({
      sensorKey: s.key,
      quantity: s.quantity ?? undefined,
      state: undefined,
      series: seriesOf(bySensor.get(s.key)!.sort((a, b) => a.time - b.time)),
    })),
  });
  const result = await writeScanAlerts(db, {
    candidates,
    labels: new Map(sensors.map((s) => [s.key, { region: s.region, infraType: s.infraType, quantity: s.quantity }])),
  });
  return result.alerts;
}
