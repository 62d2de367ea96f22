import type { ScanCommitHook } from "../anomaly-scan/run-anomaly-scan";
import { configVersionOf } from "./config-version-of";
import { bucketsBetween, COVERAGE_BUCKET_MS } from "./coverage-buckets";

/**
 * Records, inside a live scan's transaction, the buckets its window (from, to] touched: readings
 * add up over the scans of an hour, and a bucket is `covered` once the watermark has passed its end
 * (`in_progress` before). A bucket marked stale or missing stays so until a backfill re-judges it
 * whole: the live scan saw only its part. The configuration version stamped is the scan's own, so a
 * changed configuration applies from the next bucket on and earlier ones keep the version they were judged under.
 */
export const scanCoverageHook: ScanCommitHook = {
  bucketMs: COVERAGE_BUCKET_MS,
  async write(tx, { scanKey, config, from, to, buckets }) {
    const starts = bucketsBetween(from + 1, to + 1);
    if (starts.length === 0) return;
    const counts = starts.map((b) => buckets.get(b)?.readings ?? 0);
    const newest = starts.map((b) => {
      const t = buckets.get(b)?.newest;
      return t == null ? null : new Date(t);
    });
    const states = starts.map((b) => (b + COVERAGE_BUCKET_MS <= to ? "covered" : "in_progress"));
    await tx.$executeRaw`
      INSERT INTO "CoverageBucket" (kind, scope, "bucketStart", state, readings, "newestReadingAt", "configVersion", "correctionsVersion", "judgedAt")
      SELECT 'scan', ${scanKey}, b, st::"CoverageState", n, nw, ${configVersionOf(config)}, (SELECT version FROM "CoverageCorrections" WHERE id = 1), now()
      FROM unnest(${starts.map((b) => new Date(b))}::timestamp[], ${counts}::int[], ${newest}::timestamp[], ${states}::text[]) AS t(b, n, nw, st)
      ON CONFLICT (kind, scope, "bucketStart") DO UPDATE SET
        readings = "CoverageBucket".readings + EXCLUDED.readings,
        "newestReadingAt" = GREATEST("CoverageBucket"."newestReadingAt", EXCLUDED."newestReadingAt"),
        "configVersion" = EXCLUDED."configVersion", "correctionsVersion" = EXCLUDED."correctionsVersion", "judgedAt" = now(),
        state = CASE WHEN "CoverageBucket".state IN ('stale', 'missing') THEN "CoverageBucket".state ELSE EXCLUDED.state END`;
  },
};
