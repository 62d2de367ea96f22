import type { ReportWindowHook } from "../reports/write-report-window";
import { bucketStartOf, COVERAGE_BUCKET_MS } from "./coverage-buckets";

/**
 * Records, inside a 5-minute window's transaction, its hour's coverage per report group: readings
 * are the hour's reports summed so far, and the hour is `covered` once its last window is built.
 * The live report job passes no `rebuildStartedAt`, and a stale or missing hour stays so (it built
 * only the newest windows). A rebuild passes when it started reading: its hour is covered unless
 * readings or corrections came in since (then it stays stale for the next backfill).
 */
export function reportCoverageHook(options: { rebuildStartedAt?: Date } = {}): ReportWindowHook {
  return async (tx, window) => {
    if (window.resolution !== "5m") return;
    const hour = bucketStartOf(window.windowStart);
    const complete = window.windowEnd >= hour + COVERAGE_BUCKET_MS;
    const state = complete ? "covered" : "in_progress";
    const rebuild = options.rebuildStartedAt ?? null;
    await tx.$executeRaw`
      INSERT INTO "CoverageBucket" (kind, scope, "bucketStart", state, readings, "correctionsVersion", "judgedAt")
      SELECT 'report', r."infraType" || '/' || r.region, ${new Date(hour)}::timestamp, ${state}::"CoverageState", sum(r.readings)::int,
        (SELECT version FROM "CoverageCorrections" WHERE id = 1), now()
      FROM "Report" r
      WHERE r.resolution = '5m' AND r."windowStart" >= ${new Date(hour)}::timestamp AND r."windowStart" < ${new Date(hour + COVERAGE_BUCKET_MS)}::timestamp
      GROUP BY r."infraType", r.region
      ON CONFLICT (kind, scope, "bucketStart") DO UPDATE SET
        readings = EXCLUDED.readings, "correctionsVersion" = EXCLUDED."correctionsVersion", "judgedAt" = now(),
        state = CASE
          WHEN ${rebuild}::timestamp IS NULL AND "CoverageBucket".state IN ('stale', 'missing') THEN "CoverageBucket".state
          WHEN ${rebuild}::timestamp IS NOT NULL AND "CoverageBucket"."staleSince" >= ${rebuild}::timestamp THEN 'stale'::"CoverageState"
          ELSE EXCLUDED.state END,
        "staleSince" = CASE
          WHEN EXCLUDED.state = 'covered' AND ${rebuild}::timestamp IS NOT NULL AND ("CoverageBucket"."staleSince" IS NULL OR "CoverageBucket"."staleSince" < ${rebuild}::timestamp) THEN NULL
          ELSE "CoverageBucket"."staleSince" END`;
  };
}
