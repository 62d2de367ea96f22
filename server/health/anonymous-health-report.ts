import type { HealthReport } from "./check-health";

/** What an anonymous caller learns: up or down per dependency, never error text (it may carry internal URLs). */
export function anonymousHealthReport(
  report: HealthReport,
): Pick<HealthReport, "status" | "checkedAt" | "down"> & { dependencies: Record<string, { ok: boolean }>; readReplica?: { up: boolean; fallback: boolean } } {
  return {
    status: report.status,
    checkedAt: report.checkedAt,
    down: report.down,
    ...(report.readReplica && { readReplica: { up: report.readReplica.up, fallback: report.readReplica.fallback } }),
    dependencies: Object.fromEntries(Object.entries(report.dependencies).map(([name, d]) => [name, { ok: d.ok }])),
  };
}
