import type { InfluxClient } from "../influx/influx-client";
import { logger } from "../logger";

const PAUSE_MS = 2_000;
const MAX_PAUSES = 30;

/** Between backfill chunks: while InfluxDB answers a ping slower than `limitMs`, wait (a minute at most), so live scans keep their pace. */
export async function waitForInfluxLatency(client: InfluxClient, options: { limitMs: number; signal?: AbortSignal }): Promise<number> {
  let waited = 0;
  for (let i = 0; i < MAX_PAUSES; i++) {
    const started = performance.now();
    await client.ping();
    const ms = performance.now() - started;
    if (ms <= options.limitMs) return waited;
    logger.info({ event: "coverage.backfill_throttled", pingMs: Math.round(ms), limitMs: options.limitMs }, "InfluxDB is slow; backfill pauses");
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    options.signal?.throwIfAborted();
    waited += PAUSE_MS;
  }
  return waited;
}
