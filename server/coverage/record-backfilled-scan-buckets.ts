import type { Tx } from "../db";
import { bucketsBetween } from "./coverage-buckets";

/**
 * A scan backfill's chunk [from, to) is judged: its buckets become `covered` with the readings judged
 * (replacing, not adding up), the configuration and corrections versions, unless late readings or a
 * correction touched them after the chunk began reading (`readStartedAt`): those stay stale.
 */
export async function recordBackfilledScanBuckets(
  tx: Tx,
  options: {
    scope: string;
    from: number;
    to: number;
    readStartedAt: Date;
    configVersion: string;
    perBucket: Map<number, { readings: number; newest: number | null }>;
  },
): Promise<void> {
  const starts = bucketsBetween(options.from, options.to);
  if (starts.length === 0) return;
  const counts = starts.map((b) => options.perBucket.get(b)?.readings ?? 0);
  const newest = starts.map((b) => {
    const t = options.perBucket.get(b)?.newest;
    return t == null ? null : new Date(t);
  });
  await tx.$executeRaw`
    INSERT INTO "CoverageBucket" (kind, scope, "bucketStart", state, readings, "newestReadingAt", "configVersion", "correctionsVersion", "judgedAt")
    SELECT 'scan', ${options.scope}, b, 'covered', n, nw, ${options.configVersion}, (SELECT version FROM "CoverageCorrections" WHERE id = 1), now()
    FROM unnest(${starts.map((b) => new Date(b))}::timestamp[], ${counts}::int[], ${newest}::timestamp[]) AS t(b, n, nw)
    ON CONFLICT (kind, scope, "bucketStart") DO UPDATE SET
      readings = EXCLUDED.readings, "newestReadingAt" = EXCLUDED."newestReadingAt", "configVersion" = EXCLUDED."configVersion",
      "correctionsVersion" = EXCLUDED."correctionsVersion", "judgedAt" = now(),
      state = CASE WHEN "CoverageBucket"."staleSince" >= ${options.readStartedAt}::timestamp THEN 'stale'::"CoverageState" ELSE 'covered'::"CoverageState" END,
      "staleSince" = CASE WHEN "CoverageBucket"."staleSince" >= ${options.readStartedAt}::timestamp THEN "CoverageBucket"."staleSince" ELSE NULL END`;
}
