import type { Db } from "../db";
import { DomainError } from "../errors";
import { logger } from "../logger";
import { REPORT_REBUILD_SCOPE } from "./coverage-buckets";
import { listScanScopes } from "./list-scan-scopes";
import { requestBackfill } from "./request-backfill";

/** Backfills whose run ended without finishing them (dead after its retries, or cancelled as a run) are failed, freeing their scope. */
async function failAbandonedBackfills(db: Db): Promise<void> {
  await db.$executeRaw`
    UPDATE "CoverageBackfill" b SET status = 'failed', "finishedAt" = now(), error = COALESCE(b.error, 'its run ended as ' || r.status::text)
    FROM "JobRun" r
    WHERE r.id = b."runId" AND b.status IN ('queued', 'running') AND r.status IN ('dead', 'cancelled')`;
}

/**
 * The automatic filler, run by every worker every COVERAGE_FILL_INTERVAL_MS: for each scan scope
 * and for the reports, the stale and missing hours before the live job's watermark become one
 * backfill (coalesced: a thousand late points in a day give one chunk, and a scope with a backfill
 * active gets none until it ends; two workers racing are stopped by the one-active-per-scope index).
 */
export async function queueCoverageBackfills(db: Db, options: { confirmAboveSensorBuckets: number; now?: number }) {
  await failAbandonedBackfills(db);
  const pending = await db.coverageBucket.groupBy({
    by: ["kind", "scope"],
    where: { state: { in: ["stale", "missing"] } },
    _min: { bucketStart: true },
    _max: { bucketStart: true },
  });
  if (pending.length === 0) return { queued: 0 };
  const scanScopes = new Set((await listScanScopes(db)).map((s) => s.scope));
  const wanted = new Map<string, { kind: "scan" | "report"; scope: string; from: number; to: number }>();
  for (const row of pending) {
    if (!row._min.bucketStart || !row._max.bucketStart) continue;
    if (row.kind === "scan" && !scanScopes.has(row.scope)) continue;
    const scope = row.kind === "scan" ? row.scope : REPORT_REBUILD_SCOPE;
    const key = `${row.kind}:${scope}`;
    const from = row._min.bucketStart.getTime();
    const to = row._max.bucketStart.getTime() + 3_600_000;
    const seen = wanted.get(key);
    wanted.set(key, seen ? { ...seen, from: Math.min(seen.from, from), to: Math.max(seen.to, to) } : { kind: row.kind, scope, from, to });
  }
  const active = new Set(
    (
      await db.coverageBackfill.findMany({ where: { status: { in: ["awaiting_confirmation", "queued", "running"] } }, select: { kind: true, scope: true } })
    ).map((b) => `${b.kind}:${b.scope}`),
  );
  let queued = 0;
  for (const [key, want] of wanted) {
    if (active.has(key)) continue;
    try {
      const { backfill } = await requestBackfill(db, {
        ...want,
        onlyStale: true,
        trigger: "auto",
        requestedBy: "coverage-filler",
        confirmAboveSensorBuckets: options.confirmAboveSensorBuckets,
      });
      if (backfill) {
        queued++;
        logger.info(
          { event: "coverage.backfill_queued", kind: want.kind, scope: want.scope, status: backfill.status, backfillId: backfill.id },
          "backfill queued for stale coverage",
        );
      }
    } catch (err) {
      // Another worker queued it first, or the live job has not run yet: the next sweep looks again.
      if (!(err instanceof DomainError)) throw err;
    }
  }
  return { queued };
}
