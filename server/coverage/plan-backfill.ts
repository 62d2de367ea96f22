import type { Db } from "../db";
import { DomainError, notFound } from "../errors";
import type { AnomalyScanParams } from "../anomaly-scan/schemas";
import { BACKFILL_CHUNK_MS, bucketCeil, bucketStartOf, COVERAGE_BUCKET_MS, REPORT_REBUILD_SCOPE } from "./coverage-buckets";
import { listScanScopes } from "./list-scan-scopes";

/** Readings per second assumed before a backfill of the kind has finished here (then its measured rate is used). */
/** The live report job's default allowed lateness: windows closed before now minus this are complete. */
const REPORT_LATENESS_MS = 120_000;

const DEFAULT_RATE = { scan: 100_000, report: 1_000_000 } as const;

export interface BackfillPlan {
  kind: "scan" | "report";
  scope: string;
  params: AnomalyScanParams | Record<string, never>;
  from: number;
  to: number;
  chunks: Array<[number, number]>;
  sensors: number;
  buckets: number;
  sensorBuckets: number;
  readings: number;
  estimatedSeconds: number;
  /** Why the range was cut: nothing before the live job's watermark can be judged twice. */
  clampedTo?: number;
}

/** Cuts the hours into chunks of one UTC day at most, each from its first to its last hour. */
function chunkHours(hours: readonly number[]): Array<[number, number]> {
  const chunks: Array<[number, number]> = [];
  for (const h of [...hours].sort((a, b) => a - b)) {
    const last = chunks[chunks.length - 1];
    if (last && Math.floor(last[0] / BACKFILL_CHUNK_MS) === Math.floor(h / BACKFILL_CHUNK_MS)) last[1] = h + COVERAGE_BUCKET_MS;
    else chunks.push([h, h + COVERAGE_BUCKET_MS]);
  }
  return chunks;
}

async function measuredRate(db: Db, kind: "scan" | "report"): Promise<number> {
  const rows = await db.$queryRaw<Array<{ rate: number | null }>>`
    SELECT sum(readings)::float8 / NULLIF(sum(EXTRACT(EPOCH FROM ("finishedAt" - "startedAt"))), 0) AS rate
    FROM (SELECT readings, "startedAt", "finishedAt" FROM "CoverageBackfill" WHERE kind = ${kind}::"CoverageKind" AND status = 'succeeded' AND readings > 0 ORDER BY "finishedAt" DESC LIMIT 10) t`;
  return rows[0]?.rate && rows[0].rate > 0 ? rows[0].rate : DEFAULT_RATE[kind];
}

/**
 * The dry run of a backfill: which chunks, how many sensors × hour buckets, how many readings to
 * read and how long that takes at the rate measured here. The range is cut at the live job's
 * watermark (hour-aligned): after it the live scan or report job judges the readings itself.
 */
export async function planBackfill(
  db: Db,
  options: { kind: "scan" | "report"; scope: string; from: number; to: number; onlyStale: boolean; now?: number },
): Promise<BackfillPlan> {
  let params: BackfillPlan["params"] = {};
  let judgedUntil: number | null;
  let sensorWhere: { infraType?: string; region?: string; quantity?: string } = {};
  if (options.kind === "scan") {
    const scope = (await listScanScopes(db)).find((s) => s.scope === options.scope);
    if (!scope) throw notFound("Scan scope");
    params = scope.params;
    sensorWhere = { infraType: scope.params.infraType, region: scope.params.region, quantity: scope.params.quantity };
    const row = await db.anomalyScanWatermark.findUnique({ where: { scanKey: options.scope } });
    judgedUntil = row ? row.watermark.getTime() : null;
  } else {
    if (options.scope !== REPORT_REBUILD_SCOPE)
      throw new DomainError("INVALID", `report rebuilds cover every group: scope "${REPORT_REBUILD_SCOPE}"`, { field: "scope" });
    const latest = await db.reportWindow.findFirst({ where: { resolution: "5m", generatedAt: { not: null } }, orderBy: { windowEnd: "desc" } });
    // Before the first live report run, windows closed by now may be built: the live job then continues after them.
    judgedUntil = latest ? latest.windowEnd.getTime() : (options.now ?? Date.now()) - REPORT_LATENESS_MS;
  }
  if (judgedUntil === null) throw new DomainError("INVALID", "Its live job has not run yet; backfills start once it has");
  const from = bucketStartOf(options.from);
  const limit = bucketStartOf(judgedUntil);
  const to = Math.min(bucketCeil(options.to), limit);
  let hours: number[] = [];
  if (options.onlyStale) {
    const rows = await db.coverageBucket.findMany({
      where: {
        kind: options.kind,
        ...(options.kind === "scan" ? { scope: options.scope } : {}),
        state: { in: ["stale", "missing"] },
        bucketStart: { gte: new Date(from), lt: new Date(to) },
      },
      select: { bucketStart: true },
      distinct: ["bucketStart"],
    });
    hours = rows.map((r) => r.bucketStart.getTime());
  } else {
    for (let t = from; t < to; t += COVERAGE_BUCKET_MS) hours.push(t);
  }
  const chunks = chunkHours(hours);
  const sensors = await db.sensor.findMany({ where: { state: "active", ...sensorWhere }, select: { intervalSeconds: true } });
  const perHour = sensors.reduce((n, s) => n + 3600 / Math.max(1, s.intervalSeconds), 0);
  const warmupHours = options.kind === "scan" ? ((params as AnomalyScanParams).warmupMs / COVERAGE_BUCKET_MS) * chunks.length : 0;
  const readings = Math.round(perHour * (hours.length + warmupHours));
  const rate = await measuredRate(db, options.kind);
  return {
    kind: options.kind,
    scope: options.scope,
    params,
    from,
    to: Math.max(from, to),
    chunks,
    sensors: sensors.length,
    buckets: hours.length,
    sensorBuckets: sensors.length * hours.length,
    readings,
    estimatedSeconds: Math.ceil(readings / rate),
    ...(bucketCeil(options.to) > limit ? { clampedTo: limit } : {}),
  };
}
