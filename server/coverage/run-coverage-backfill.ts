import { UnrecoverableError } from "bullmq";
import { writeScanAlerts } from "../alerts/write-scan-alerts";
import { anomalyScanParams } from "../anomaly-scan/schemas";
import { inTransaction, type Db } from "../db";
import { env } from "../env";
import { influx as sharedInflux, type InfluxClient } from "../influx/influx-client";
import { logger } from "../logger";
import { runReportRollup } from "../reports/run-report-rollup";
import { rollupResolutions } from "../reports/report-windows";
import { judgeScanChunk } from "./judge-scan-chunk";
import { rebuildReportChunk } from "./rebuild-report-chunk";
import { recordBackfilledScanBuckets } from "./record-backfilled-scan-buckets";
import { resolveFlaggedAlerts } from "./resolve-flagged-alerts";
import { waitForInfluxLatency } from "./wait-for-influx-latency";

export interface RunCoverageBackfillOptions {
  backfillId: string;
  influx?: InfluxClient;
  signal?: AbortSignal;
  onProgress?: (percent: number) => Promise<void> | void;
  /** Tests: stop after this many chunks, as a crash would. */
  stopAfterChunks?: number;
}

/** Another run of this backfill committed the chunk first (a duplicate delivery or a second worker), or it was cancelled. */
export class BackfillSupersededError extends Error {}

const dbNow = async (db: Db) => (await db.$queryRaw<Array<{ now: Date }>>`SELECT clock_timestamp()::timestamp AS now`)[0].now;

/**
 * Runs an `anomaly-backfill` or `report-rebuild`, chunk after chunk from the last one committed,
 * so a crashed or retried run resumes where it stopped. Each chunk's results and the backfill's
 * progress commit together, the progress by compare-and-set: of two runs of one backfill, only one
 * commits each chunk. Between chunks it checks for cancellation and waits while InfluxDB is slow.
 */
export async function runCoverageBackfill(db: Db, options: RunCoverageBackfillOptions) {
  const client = options.influx ?? sharedInflux();
  let backfill = await db.coverageBackfill.findUnique({ where: { id: options.backfillId } });
  if (!backfill) throw new UnrecoverableError(`Backfill ${options.backfillId} does not exist`);
  if (backfill.status === "succeeded" || backfill.status === "cancelled") return { status: backfill.status, chunksDone: backfill.chunksDone };
  if (backfill.status === "awaiting_confirmation") throw new UnrecoverableError("This backfill waits for an operator's confirmation");
  const chunks = backfill.chunks as Array<[number, number]>;
  await db.coverageBackfill.updateMany({
    where: { id: backfill.id, status: { in: ["queued", "running"] } },
    data: { status: "running", startedAt: backfill.startedAt ?? new Date(), error: null },
  });
  const params = backfill.kind === "scan" ? anomalyScanParams.parse(backfill.params) : null;
  let done = 0;

  for (let i = backfill.chunksDone; i < chunks.length; i++) {
    backfill = await db.coverageBackfill.findUniqueOrThrow({ where: { id: backfill.id } });
    if (backfill.status === "cancelled") return { status: "cancelled", chunksDone: backfill.chunksDone };
    if (backfill.chunksDone !== i) throw new BackfillSupersededError("another run of this backfill is ahead");
    options.signal?.throwIfAborted();
    await waitForInfluxLatency(client, { limitMs: env().COVERAGE_THROTTLE_PING_MS, signal: options.signal });
    const [from, to] = chunks[i];
    const readStartedAt = await dbNow(db);
    const advance = async (tx: Parameters<Parameters<typeof inTransaction>[1]>[0], readings: number, alerts: number) => {
      const { count } = await tx.coverageBackfill.updateMany({
        where: { id: backfill!.id, chunksDone: i, status: "running" },
        data: { chunksDone: i + 1, readings: { increment: readings }, alerts: { increment: alerts } },
      });
      if (count === 0) throw new BackfillSupersededError("another run committed this chunk first, or the backfill was cancelled");
    };
    if (params) {
      const judged = await judgeScanChunk(db, { params, from, to, client, signal: options.signal });
      await inTransaction(db, async (tx) => {
        const written = await writeScanAlerts(tx, { candidates: judged.candidates, labels: judged.labels });
        await resolveFlaggedAlerts(tx, { sensorKeys: judged.sensorKeys, from, to });
        await recordBackfilledScanBuckets(tx, {
          scope: backfill!.scope,
          from,
          to,
          readStartedAt,
          configVersion: judged.configVersion,
          perBucket: judged.perBucket,
        });
        await advance(tx, judged.readings, written.alerts);
      });
    } else {
      const built = await rebuildReportChunk(db, { from, to, readStartedAt, influx: client, signal: options.signal });
      await inTransaction(db, (tx) => advance(tx, built.readings, 0));
    }
    done++;
    await options.onProgress?.(((i + 1) / chunks.length) * 100);
    logger.info(
      { event: "coverage.backfill_chunk", backfillId: backfill.id, kind: backfill.kind, scope: backfill.scope, chunk: i + 1, of: chunks.length },
      "backfill chunk committed",
    );
    if (options.stopAfterChunks !== undefined && done >= options.stopAfterChunks) return { status: "running", chunksDone: i + 1 };
  }
  if (backfill.kind === "report") {
    // Rollups would rebuild the dirtied hours, days, weeks and months on their schedules; now is sooner.
    for (const resolution of rollupResolutions) await runReportRollup(db, { resolution, maxWindows: 10_000, signal: options.signal });
  }
  const finished = await db.coverageBackfill.updateMany({
    where: { id: backfill.id, status: "running" },
    data: { status: "succeeded", finishedAt: new Date() },
  });
  return { status: finished.count ? "succeeded" : "cancelled", chunksDone: chunks.length };
}
