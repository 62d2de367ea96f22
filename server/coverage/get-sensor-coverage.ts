import type { Db } from "../db";
import { notFound } from "../errors";
import { reportScopeOf } from "./coverage-buckets";
import { listScanScopes } from "./list-scan-scopes";

/** The /sensors/<key> summary: for each scan scope holding the sensor and its report group, hours per state over the last days. */
export async function getSensorCoverage(db: Db, options: { key: string; days: number; now?: number }) {
  const sensor = await db.sensor.findUnique({ where: { key: options.key }, select: { infraType: true, region: true, quantity: true } });
  if (!sensor) throw notFound("Sensor");
  const scopes = (await listScanScopes(db)).filter(
    (s) =>
      (!s.params.infraType || s.params.infraType === sensor.infraType) &&
      (!s.params.region || s.params.region === sensor.region) &&
      (!s.params.quantity || s.params.quantity === sensor.quantity),
  );
  const since = new Date((options.now ?? Date.now()) - options.days * 86_400_000);
  const wanted = [
    ...scopes.map((s) => ({ kind: "scan" as const, scope: s.scope, label: s.name })),
    { kind: "report" as const, scope: reportScopeOf(sensor.infraType, sensor.region), label: "Reports" },
  ];
  const counts = await db.coverageBucket.groupBy({
    by: ["kind", "scope", "state"],
    where: { OR: wanted.map((w) => ({ kind: w.kind, scope: w.scope })), bucketStart: { gte: since } },
    _count: true,
  });
  return wanted.map((w) => {
    const mine = counts.filter((c) => c.kind === w.kind && c.scope === w.scope);
    const of = (state: string) => mine.find((c) => c.state === state)?._count ?? 0;
    return { ...w, covered: of("covered"), stale: of("stale"), missing: of("missing"), inProgress: of("in_progress") };
  });
}
