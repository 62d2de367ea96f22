import type { z } from "zod";
import type { Db } from "../db";
import { influx, type InfluxClient } from "../influx/influx-client";
import { streamSensorReadings } from "../readings/read-sensor-readings";
import { runAnomalyScan, type AnomalyScanResult, type ScanCommitHook } from "./run-anomaly-scan";
import { scanKeyOf } from "./scan-key-of";
import { anomalyScanParams } from "./schemas";
import { withValidRanges } from "./with-valid-ranges";

/** One anomaly scan over the active sensors in scope, reading calibrated values with flagged ranges left out. */
export async function scanSensorAnomalies(
  db: Db,
  options: z.input<typeof anomalyScanParams> & { now?: number; client?: InfluxClient; onCommit?: ScanCommitHook },
): Promise<AnomalyScanResult> {
  const { now, client, onCommit, ...input } = options;
  const params = anomalyScanParams.parse(input);
  const sensors = await db.sensor.findMany({
    where: { state: "active", infraType: params.infraType, region: params.region, quantity: params.quantity },
    select: { key: true, quantity: true, infraType: true, region: true, validMin: true, validMax: true },
    orderBy: { key: "asc" },
  });
  return runAnomalyScan(db, {
    scanKey: scanKeyOf(params),
    sensors: sensors.map((s) => ({ sensorKey: s.key, quantity: s.quantity, infraType: s.infraType, region: s.region })),
    readReadings: ({ sensorKeys, from, to }) => streamSensorReadings(db, { sensorKeys, from, to, client }),
    config: withValidRanges(params.config, sensors),
    allowedLatenessMs: params.allowedLatenessMs,
    initialLookbackMs: params.initialLookbackMs,
    snapshotEvery: params.snapshotEvery,
    quietMs: params.quietMs,
    warmupMs: params.warmupMs,
    probeReadings: () => (client ?? influx()).ping(),
    onCommit,
    now,
  });
}
