import type { Db } from "../db";
import { publishEvent } from "../realtime/events";
import { redisKeyPrefix, sharedRedis } from "../redis";
import type { JobTelemetry } from "./job-telemetry";

/** Hash of workerId → { at, metrics }: each worker's Prometheus series, summed by /api/metrics. */
export function workerMetricsKey(): string {
  return `${redisKeyPrefix()}:metrics`;
}

/**
 * One flush: closed minutes to PostgreSQL (idempotent on retry), the delta since the last flush
 * to the live dashboard, and this worker's Prometheus series to Redis for /api/metrics.
 */
export async function flushJobTelemetry(db: Db, telemetry: JobTelemetry, workerId: string, options: { final?: boolean } = {}): Promise<void> {
  const closed = telemetry.takeClosedMinutes(Date.now(), options.final);
  if (closed.length) {
    try {
      await db.jobMetricMinute.createMany({ data: closed.map((m) => ({ ...m, workerId })), skipDuplicates: true });
    } catch (err) {
      telemetry.returnMinutes(closed);
      throw err;
    }
  }
  const delta = telemetry.takeLiveDelta();
  if (delta.length) await publishEvent("telemetry", "jobs:delta", { workerId, at: Date.now(), series: delta });
  const metrics = await telemetry.registry.getMetricsAsJSON();
  await sharedRedis().hset(workerMetricsKey(), workerId, JSON.stringify({ at: Date.now(), metrics }));
}
