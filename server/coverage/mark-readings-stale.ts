import { Prisma } from "../db/generated/client";
import type { Db } from "../db";
import { listScanScopes } from "./list-scan-scopes";

export interface MarkReadingsStaleOptions {
  /** Sensors whose readings were written or corrected. */
  sensorKeys: readonly string[];
  /** The written (or corrected) range, epoch ms, both ends included. */
  from: number;
  to: number;
  /** Shown on the coverage page: "late readings", "import", "flag", "calibration", … */
  reason: string;
}

const MAX_KEYS = 100_000;

/**
 * Marks the coverage of every scan scope and report group holding these sensors stale over
 * [from, to], as far as it was already judged or built (before the scan's watermark, before the
 * newest built report window): later readings are still ahead of the live jobs and need nothing.
 * Buckets never judged become `missing`. One small read of the scan definitions and one INSERT;
 * no readings are read back. Call it after each write of late readings (write API, imports,
 * simulator backfill) and with each correction; the automatic filler then queues a backfill.
 */
export async function markReadingsStale(db: Db, options: MarkReadingsStaleOptions): Promise<{ buckets: number }> {
  const keys = [...new Set(options.sensorKeys)];
  if (keys.length === 0 || !(options.to >= options.from)) return { buckets: 0 };
  if (keys.length > MAX_KEYS) throw new RangeError(`markReadingsStale takes at most ${MAX_KEYS} sensors per call`);
  const scopes = await listScanScopes(db);
  const scanRows = scopes.length
    ? Prisma.sql`
      SELECT 'scan'::"CoverageKind" AS kind, sc.scope, w.watermark AS judged_until
      FROM unnest(${scopes.map((s) => s.scope)}::text[], ${scopes.map((s) => s.params.infraType ?? null)}::text[], ${scopes.map((s) => s.params.region ?? null)}::text[], ${scopes.map((s) => s.params.quantity ?? null)}::text[]) AS sc(scope, it, rg, q)
      LEFT JOIN "AnomalyScanWatermark" w ON w."scanKey" = sc.scope
      WHERE EXISTS (SELECT 1 FROM s WHERE (sc.it IS NULL OR s."infraType" = sc.it) AND (sc.rg IS NULL OR s.region = sc.rg) AND (sc.q IS NULL OR s.quantity = sc.q))
      UNION ALL`
    : Prisma.empty;
  const from = new Date(options.from);
  const to = new Date(options.to);
  const buckets = await db.$executeRaw`
    WITH s AS (SELECT "infraType", region, quantity FROM "Sensor" WHERE key = ANY(${keys}::text[])),
    hit (kind, scope, judged_until) AS (
      ${scanRows}
      -- Named here too: with no scan scopes this SELECT alone names hit's columns.
      SELECT DISTINCT 'report'::"CoverageKind" AS kind, s."infraType" || '/' || s.region AS scope,
        (SELECT max("windowEnd") FROM "ReportWindow" WHERE resolution = '5m' AND "generatedAt" IS NOT NULL) AS judged_until
      FROM s
    )
    INSERT INTO "CoverageBucket" (kind, scope, "bucketStart", state, "staleSince", "staleReason")
    SELECT h.kind, h.scope, b, 'missing', clock_timestamp(), ${options.reason}
    FROM hit h
    CROSS JOIN LATERAL generate_series(
      date_trunc('hour', ${from}::timestamp),
      date_trunc('hour', CASE WHEN h.judged_until IS NULL THEN ${to}::timestamp ELSE LEAST(${to}::timestamp, h.judged_until - interval '1 millisecond') END),
      interval '1 hour') AS b
    WHERE h.judged_until IS NULL OR ${from}::timestamp < h.judged_until
    ON CONFLICT (kind, scope, "bucketStart") DO UPDATE SET
      state = CASE WHEN "CoverageBucket".state = 'missing' THEN 'missing'::"CoverageState" ELSE 'stale'::"CoverageState" END,
      "staleSince" = clock_timestamp(), "staleReason" = EXCLUDED."staleReason"`;
  return { buckets };
}
