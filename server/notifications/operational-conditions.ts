import type { Db } from "../db";
import type { Priority } from "../db/generated/enums";
import { listWorkers } from "../fleet/list-workers";
import { checkHealth } from "../health/check-health";
import { priorityClasses } from "../queues/priority-classes";
import { logger } from "../logger";
import { sensorStatus, sensorStatusFactors } from "../sensors/sensor-status";
import { FAILING_AFTER } from "./deliver-notification";
import type { NotificationSubject } from "./match-subject";

/** A condition of the system itself that routes can send (matcher `kind`). */
export interface OperationalCondition {
  /** op:<kind>:<subject>, stable while the condition holds */
  id: string;
  kind: string;
  subjectKey: string;
  severity: "warning" | "critical";
  title: string;
  summary?: string;
  details: Record<string, unknown>;
  since: number;
  /** A failing channel is not told about itself. */
  excludeChannelIds: string[];
  sensorKey?: string;
  region?: string;
  infraType?: string;
  site?: string;
}

const DEAD_LETTER_WINDOW_MS = 15 * 60_000;
const DEAD_LETTER_THRESHOLD = 5;
/** A scan scope whose watermark is this far behind is lagging (the seeded scan runs every 30 s). */
const WATERMARK_LAG_MS = 10 * 60_000;
const SENSOR_LIMIT = 500;
/** SLA breaches: over this window, a priority whose runs started late more often than this fraction, at least this many times. */
export const SLA_BREACH_WINDOW_MS = 15 * 60_000;
export const SLA_BREACH_RATE = 0.1;
export const SLA_BREACH_MIN_COUNT = 5;

const condition = (
  kind: string,
  subjectKey: string,
  rest: Omit<OperationalCondition, "id" | "kind" | "subjectKey" | "excludeChannelIds"> & { excludeChannelIds?: string[] },
): OperationalCondition => ({
  id: `op:${kind}:${subjectKey}`,
  kind,
  subjectKey,
  excludeChannelIds: [],
  ...rest,
});

/** The operational alert rules, by kind. */
const rules: Record<string, (db: Db, now: number) => Promise<OperationalCondition[]>> = {
  async channel_failing(db) {
    const channels = await db.notificationChannel.findMany({ where: { enabled: true, consecutiveFailures: { gte: FAILING_AFTER } } });
    return channels.map((c) =>
      condition("channel_failing", c.id, {
        severity: "critical",
        title: `Notification channel "${c.name}" is failing`,
        summary: `${c.consecutiveFailures} failed sends in a row; last error: ${c.lastError ?? "?"}`,
        details: { channel: c.name, failures: c.consecutiveFailures, lastError: c.lastError },
        since: c.lastFailureAt?.getTime() ?? 0,
        excludeChannelIds: [c.id],
      }),
    );
  },
  async worker_lost() {
    return (await listWorkers())
      .filter((w) => w.status === "lost")
      .map((w) =>
        condition("worker_lost", w.id, {
          severity: "critical",
          title: `Worker ${w.host} (pid ${w.pid}) is lost`,
          details: { host: w.host, pid: w.pid, lastHeartbeat: w.at },
          since: Date.parse(w.at),
        }),
      );
  },
  async queue_backlog(db, now) {
    const oldest = await db.jobRun.groupBy({ by: ["priority"], where: { status: "queued", startedAt: null }, _min: { queuedAt: true } });
    return oldest.flatMap((row) => {
      const sla = priorityClasses[row.priority as Priority].slaMs;
      const queuedAt = row._min.queuedAt?.getTime();
      if (sla === null || queuedAt === undefined || now - queuedAt <= sla) return [];
      return [
        condition("queue_backlog", row.priority, {
          severity: row.priority === "P0" ? "critical" : "warning",
          title: `${row.priority} backlog: the oldest waiting run has waited ${Math.round((now - queuedAt) / 1000)} s (start SLA ${sla / 1000} s)`,
          details: { priority: row.priority, oldestQueuedAt: new Date(queuedAt).toISOString(), slaMs: sla },
          since: queuedAt + sla,
        }),
      ];
    });
  },
  async sla_breach_rate(db, now) {
    // The workers' minute history: runs finished and those that started after their class's start SLA.
    const rows = await db.jobMetricMinute.groupBy({
      by: ["priority"],
      where: { minute: { gte: new Date(now - SLA_BREACH_WINDOW_MS), lte: new Date(now) } },
      _sum: { completed: true, failed: true, slaBreaches: true },
    });
    return rows.flatMap((row) => {
      const breaches = row._sum.slaBreaches ?? 0;
      const runs = (row._sum.completed ?? 0) + (row._sum.failed ?? 0);
      const rate = runs > 0 ? breaches / runs : 0;
      if (breaches < SLA_BREACH_MIN_COUNT || rate <= SLA_BREACH_RATE) return [];
      const priority = row.priority as Priority;
      const percent = Math.round(rate * 1000) / 10;
      return [
        condition("sla_breach_rate", priority, {
          severity: priority === "P0" ? "critical" : "warning",
          title: `${priority}: ${percent} % of runs started after their SLA in the last 15 minutes`,
          summary: `${breaches} of ${runs} ${priority} runs started later than ${(priorityClasses[priority].slaMs ?? 0) / 1000} s after being queued (alert above ${SLA_BREACH_RATE * 100} %, at least ${SLA_BREACH_MIN_COUNT}).`,
          details: { priority, breaches, runs, rate, windowMinutes: SLA_BREACH_WINDOW_MS / 60_000, slaMs: priorityClasses[priority].slaMs },
          since: now,
        }),
      ];
    });
  },
  async dead_letters_growing(db, now) {
    const recent = await db.deadLetter.count({ where: { createdAt: { gt: new Date(now - DEAD_LETTER_WINDOW_MS) } } });
    if (recent < DEAD_LETTER_THRESHOLD) return [];
    return [
      condition("dead_letters_growing", "all", {
        severity: "warning",
        title: `${recent} dead letters in the last 15 minutes`,
        details: { count: recent, windowMinutes: 15 },
        since: now,
      }),
    ];
  },
  async scan_watermark_lag(db, now) {
    const lagging = await db.anomalyScanWatermark.findMany({
      where: { watermark: { lt: new Date(now - WATERMARK_LAG_MS) }, updatedAt: { gt: new Date(now - 24 * 3_600_000) } },
      take: 100,
    });
    return lagging.map((w) =>
      condition("scan_watermark_lag", w.scanKey, {
        severity: "warning",
        title: `Anomaly scan ${w.scanKey} lags ${Math.round((now - w.watermark.getTime()) / 60_000)} min behind`,
        details: { scanKey: w.scanKey, watermark: w.watermark.toISOString() },
        since: w.watermark.getTime() + WATERMARK_LAG_MS,
      }),
    );
  },
  async sensor_stale(db, now) {
    // Each sensor against its own interval (LATE after 3 intervals, SILENT after 30, as everywhere), and
    // only sensors that have reported before: a registered sensor that never did is not an outage.
    // Newest outages first, so a fleet's long-dead sensors do not hide the one that just went quiet.
    const sensors = await db.$queryRaw<
      Array<{ key: string; region: string; infraType: string; site: string | null; intervalSeconds: number; lastReadingAt: Date }>
    >`
      SELECT key, region, "infraType", site, "intervalSeconds", "lastReadingAt" FROM "Sensor"
      WHERE state = 'active' AND "lastReadingAt" IS NOT NULL AND "lastReadingAt" < (to_timestamp(${now}::float8 / 1000) AT TIME ZONE 'UTC') - make_interval(secs => "intervalSeconds" * ${sensorStatusFactors.late}::float8)
      ORDER BY "lastReadingAt" DESC LIMIT ${SENSOR_LIMIT}`;
    return sensors.flatMap((s) => {
      const status = sensorStatus({ lastReadingAt: s.lastReadingAt, intervalSeconds: s.intervalSeconds, now });
      if (status === "OK") return [];
      const kind = status === "SILENT" ? "sensor_silent" : "sensor_late";
      return [
        condition(kind, s.key, {
          severity: status === "SILENT" ? "critical" : "warning",
          title: `Sensor ${s.key} is ${status}`,
          details: { lastReadingAt: s.lastReadingAt.toISOString(), intervalSeconds: s.intervalSeconds },
          since: s.lastReadingAt.getTime(),
          sensorKey: s.key,
          region: s.region,
          infraType: s.infraType,
          site: s.site ?? undefined,
        }),
      ];
    });
  },
  async dependency_down(_db, now) {
    const health = await checkHealth();
    return health.down.map((name) =>
      condition("dependency_down", name, { severity: "critical", title: `${name} is down`, details: { error: health.dependencies[name]?.error }, since: now }),
    );
  },
};

export const operationalKinds = [
  "channel_failing",
  "worker_lost",
  "queue_backlog",
  "sla_breach_rate",
  "dead_letters_growing",
  "scan_watermark_lag",
  "sensor_late",
  "sensor_silent",
  "dependency_down",
] as const;

/** Every operational condition that holds now; a rule that cannot be checked is skipped (and logged). */
export async function operationalConditions(db: Db, now: number): Promise<OperationalCondition[]> {
  const results = await Promise.all(
    Object.entries(rules).map(([name, rule]) =>
      rule(db, now).catch((err) => {
        logger.warn({ event: "notifications.rule_failed", rule: name, error: (err as Error).message }, "operational alert rule could not be checked");
        return [];
      }),
    ),
  );
  return results.flat();
}

/** What routes and silences match an operational condition on (matcher `kind`, and its sensor's labels for sensor_late / sensor_silent). */
export function operationalSubject(c: OperationalCondition): NotificationSubject {
  return { kind: c.kind, severity: c.severity, sensorKey: c.sensorKey ?? null, region: c.region ?? null, infraType: c.infraType ?? null, site: c.site ?? null };
}

// The rules probe services (health, heartbeats): one process checks them at most every maxAgeMs, whoever asks.
let lastChecked: { at: number; conditions: Promise<OperationalCondition[]> } | undefined;

/** The operational conditions as last checked, re-checked when older than maxAgeMs (0: now). The evaluator, the route list and the dry run share it. */
export function currentOperationalConditions(db: Db, now: number, maxAgeMs: number): Promise<OperationalCondition[]> {
  if (!lastChecked || now - lastChecked.at >= maxAgeMs || now < lastChecked.at) {
    const conditions = operationalConditions(db, now);
    lastChecked = { at: now, conditions };
  }
  return lastChecked.conditions;
}
