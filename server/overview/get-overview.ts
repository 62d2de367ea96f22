import { roleAllows, type Role } from "../auth/roles";
import { listScanScopes } from "../coverage/list-scan-scopes";
import type { Db } from "../db";
import type { Priority } from "../db/generated/enums";
import { deadLetterWhere } from "../dead-letters/list-dead-letters";
import { listWorkers, type WorkerState } from "../fleet/list-workers";
import { sensorHealthGrid } from "./sensor-health-grid";

const HOUR_MS = 3_600_000;

export interface ScanFreshness {
  scope: string;
  name: string;
  /** Up to where the scan has evaluated; null: never ran. */
  watermark: string | null;
  lagMs: number | null;
  readingsUnavailableSince: string | null;
}

/** How far each enabled scan scope's watermark lags behind now. */
async function scanFreshness(db: Db, now: number): Promise<ScanFreshness[]> {
  const [scopes, marks] = await Promise.all([listScanScopes(db), db.anomalyScanWatermark.findMany()]);
  const byKey = new Map(marks.map((m) => [m.scanKey, m]));
  return scopes.map((s) => {
    const m = byKey.get(s.scope);
    return {
      scope: s.scope,
      name: s.name,
      watermark: m?.watermark.toISOString() ?? null,
      lagMs: m ? Math.max(0, now - m.watermark.getTime()) : null,
      readingsUnavailableSince: m?.readingsUnavailableSince?.toISOString() ?? null,
    };
  });
}

/** Runs of the last hour: failures (failed or dead), SLA breaches per priority, and dead letters waiting for a decision. */
async function recentJobs(db: Db, now: number) {
  const since = new Date(now - HOUR_MS);
  const [byStatus, breaches, deadLettersWaiting] = await Promise.all([
    db.$queryRaw<Array<{ status: string; n: number }>>`SELECT status::text, count(*)::int AS n FROM "JobRun" WHERE "queuedAt" >= ${since} GROUP BY 1`,
    db.$queryRaw<
      Array<{ priority: Priority; n: number }>
    >`SELECT priority, count(*)::int AS n FROM "JobRun" WHERE "queuedAt" >= ${since} AND "slaBreached" GROUP BY 1 ORDER BY 1`,
    db.deadLetter.count({ where: deadLetterWhere({ state: "pending" }) }),
  ]);
  const count = (s: string) => byStatus.find((r) => r.status === s)?.n ?? 0;
  return {
    total: byStatus.reduce((n, r) => n + r.n, 0),
    succeeded: count("succeeded"),
    failed: count("failed") + count("dead"),
    running: count("running"),
    queued: count("queued"),
    slaBreaches: breaches.map((r) => ({ priority: r.priority, count: r.n })),
    deadLettersWaiting,
  };
}

async function newestReports(db: Db) {
  const rows = await db.$queryRaw<Array<{ resolution: string; windowStart: Date; windowEnd: Date; generatedAt: Date }>>`
    SELECT DISTINCT ON (resolution) resolution, "windowStart", "windowEnd", "generatedAt" FROM "Report" ORDER BY resolution, "windowStart" DESC`;
  return rows.map((r) => ({
    resolution: r.resolution,
    windowStart: r.windowStart.toISOString(),
    windowEnd: r.windowEnd.toISOString(),
    generatedAt: r.generatedAt.toISOString(),
  }));
}

export type FleetSummary = { running: number; stopping: number; lost: number; workers: WorkerState[] | null };

/** The fleet from the workers' Redis heartbeats; the per-worker detail (hosts, queues) is for staff only. */
async function fleet(role: Role): Promise<FleetSummary> {
  const workers = await listWorkers();
  const n = (s: WorkerState["status"]) => workers.filter((w) => w.status === s).length;
  return { running: n("running"), stopping: n("stopping"), lost: n("lost"), workers: roleAllows("staff", role) ? workers : null };
}

/** "Is anything wrong right now?": every figure of the Overview page in one call, shaped for the caller's role. */
export async function getOverview(db: Db, role: Role, now = Date.now()) {
  const [incidents, sensors, scans, jobs, workers, reports] = await Promise.all([
    db.alertIncident.groupBy({ by: ["severity", "status"], where: { status: { in: ["open", "acknowledged"] } }, _count: { _all: true } }),
    sensorHealthGrid(db),
    scanFreshness(db, now),
    recentJobs(db, now),
    fleet(role),
    newestReports(db),
  ]);
  const incidentCount = (severity: string, status: string) => incidents.find((i) => i.severity === severity && i.status === status)?._count._all ?? 0;
  return {
    at: new Date(now).toISOString(),
    incidents: {
      critical: { open: incidentCount("critical", "open"), acknowledged: incidentCount("critical", "acknowledged") },
      warning: { open: incidentCount("warning", "open"), acknowledged: incidentCount("warning", "acknowledged") },
    },
    sensors,
    scans,
    jobs,
    workers,
    reports,
  };
}

export type Overview = Awaited<ReturnType<typeof getOverview>>;
