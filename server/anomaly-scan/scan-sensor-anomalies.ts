import type { z } from "zod";
import type { AnomalyConfig } from "../anomaly/schemas";
import type { Db } from "../db";
import type { InfluxClient } from "../influx/influx-client";
import { readSensorReadings } from "../readings/read-sensor-readings";
import { runAnomalyScan, type AnomalyScanResult } from "./run-anomaly-scan";
import { anomalyScanParams } from "./schemas";

interface RangedSensor {
  key: string;
  quantity: string;
  validMin: number | null;
  validMax: number | null;
}

const rangeOf = (s: RangedSensor) => ({ ...(s.validMin === null ? {} : { validMin: s.validMin }), ...(s.validMax === null ? {} : { validMax: s.validMax }) });

/**
 * Sensors' valid ranges become threshold limits: once per quantity when its sensors agree (detectors
 * are then shared), per sensor otherwise. Limits set in the job's own config win.
 */
export function withValidRanges(config: AnomalyConfig, sensors: readonly RangedSensor[]): AnomalyConfig {
  const out: AnomalyConfig = { ...config, quantities: { ...config.quantities }, sensors: { ...config.sensors } };
  const byQuantity = new Map<string, RangedSensor[]>();
  for (const s of sensors) byQuantity.set(s.quantity, [...(byQuantity.get(s.quantity) ?? []), s]);
  for (const [quantity, group] of byQuantity) {
    const ranges = new Set(group.map((s) => JSON.stringify(rangeOf(s))));
    const targets = ranges.size === 1 ? [{ bag: out.quantities, key: quantity, range: rangeOf(group[0]) }] : group.map((s) => ({ bag: out.sensors, key: s.key, range: rangeOf(s) }));
    for (const { bag, key, range } of targets) {
      if (Object.keys(range).length === 0) continue;
      const settings = bag[key] ?? {};
      bag[key] = { ...settings, threshold: { ...settings.threshold, params: { ...range, ...settings.threshold?.params } } };
    }
  }
  return out;
}

/** One anomaly scan over the active sensors in scope, reading calibrated values with flagged ranges left out. */
export async function scanSensorAnomalies(db: Db, options: z.input<typeof anomalyScanParams> & { now?: number; client?: InfluxClient }): Promise<AnomalyScanResult> {
  const { now, client, ...input } = options;
  const params = anomalyScanParams.parse(input);
  const sensors = await db.sensor.findMany({
    where: { state: "active", infraType: params.infraType, region: params.region, quantity: params.quantity },
    select: { key: true, quantity: true, infraType: true, region: true, validMin: true, validMax: true },
    orderBy: { key: "asc" },
  });
  return runAnomalyScan(db, {
    scanKey: params.scanKey ?? `anomaly-scan:${params.infraType ?? "*"}:${params.region ?? "*"}:${params.quantity ?? "*"}`,
    sensors: sensors.map((s) => ({ sensorKey: s.key, quantity: s.quantity, infraType: s.infraType, region: s.region })),
    readReadings: ({ sensorKeys, from, to }) => readSensorReadings(db, { sensorKeys, from, to, client }),
    config: withValidRanges(params.config, sensors),
    allowedLatenessMs: params.allowedLatenessMs,
    initialLookbackMs: params.initialLookbackMs,
    snapshotEvery: params.snapshotEvery,
    quietMs: params.quietMs,
    warmupMs: params.warmupMs,
    now,
  });
}
