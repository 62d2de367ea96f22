import type { Db } from "../db";
import { COVERAGE_BUCKET_MS, REPORT_REBUILD_SCOPE } from "./coverage-buckets";
import { listScanScopes } from "./list-scan-scopes";

export type CoverageCell = "covered" | "missing" | "stale" | "in_progress" | "outdated" | null;

export interface CoverageStrip {
  kind: "scan" | "report";
  scope: string;
  label: string;
  /** One cell per hour from `from`; null: nothing recorded (no readings known there). */
  cells: CoverageCell[];
  counts: Record<"covered" | "missing" | "stale" | "in_progress" | "outdated", number>;
}

/**
 * The heat strips of /coverage: per scan scope and report group, one cell per hour of [from, to).
 * Hours a running backfill is judging show as in progress; covered scan hours judged under an older
 * detector configuration than the scope's newest as outdated (re-judged only on request).
 */
export async function getCoverageOverview(db: Db, options: { from: number; to: number }) {
  const from = Math.floor(options.from / COVERAGE_BUCKET_MS) * COVERAGE_BUCKET_MS;
  const hours = Math.ceil((options.to - from) / COVERAGE_BUCKET_MS);
  const [rows, scopes, active, latestConfig] = await Promise.all([
    db.coverageBucket.findMany({
      where: { bucketStart: { gte: new Date(from), lt: new Date(from + hours * COVERAGE_BUCKET_MS) } },
      select: { kind: true, scope: true, bucketStart: true, state: true, configVersion: true },
    }),
    listScanScopes(db),
    db.coverageBackfill.findMany({ where: { status: "running" }, select: { kind: true, scope: true, chunks: true, chunksDone: true } }),
    db.$queryRaw<Array<{ scope: string; configVersion: string }>>`
      SELECT DISTINCT ON (scope) scope, "configVersion" FROM "CoverageBucket" WHERE kind = 'scan' AND "configVersion" IS NOT NULL ORDER BY scope, "bucketStart" DESC`,
  ]);
  const newestConfig = new Map(latestConfig.map((r) => [r.scope, r.configVersion]));
  const strips = new Map<string, CoverageStrip>();
  const strip = (kind: "scan" | "report", scope: string, label: string) => {
    const key = `${kind}:${scope}`;
    let s = strips.get(key);
    if (!s)
      strips.set(
        key,
        (s = { kind, scope, label, cells: new Array(hours).fill(null), counts: { covered: 0, missing: 0, stale: 0, in_progress: 0, outdated: 0 } }),
      );
    return s;
  };
  for (const scope of scopes) strip("scan", scope.scope, scope.name);
  for (const row of rows) {
    const s = strip(row.kind, row.scope, row.kind === "scan" ? row.scope : row.scope);
    const i = (row.bucketStart.getTime() - from) / COVERAGE_BUCKET_MS;
    const newest = newestConfig.get(row.scope);
    const outdated = row.kind === "scan" && row.state === "covered" && !!row.configVersion && !!newest && row.configVersion !== newest;
    s.cells[i] = outdated ? "outdated" : row.state;
  }
  for (const b of active) {
    const [cf, ct] = (b.chunks as Array<[number, number]>)[b.chunksDone] ?? [];
    if (cf === undefined) continue;
    for (const s of strips.values()) {
      if (s.kind !== b.kind || (b.kind === "scan" && s.scope !== b.scope) || (b.kind === "report" && b.scope !== REPORT_REBUILD_SCOPE)) continue;
      for (let t = Math.max(cf, from); t < ct; t += COVERAGE_BUCKET_MS) {
        const i = (t - from) / COVERAGE_BUCKET_MS;
        if (i >= 0 && i < hours && (s.cells[i] === "stale" || s.cells[i] === "missing")) s.cells[i] = "in_progress";
      }
    }
  }
  for (const s of strips.values()) for (const c of s.cells) if (c) s.counts[c]++;
  const list = [...strips.values()].sort((a, b) => (a.kind === b.kind ? a.scope.localeCompare(b.scope) : a.kind === "scan" ? -1 : 1));
  return { from, hours, bucketMs: COVERAGE_BUCKET_MS, strips: list, scanScopes: scopes.map((s) => ({ scope: s.scope, name: s.name })) };
}
