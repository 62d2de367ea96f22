import { createId } from "./create-id";
import type { Db } from "../db";
import { inTransaction } from "../db";
import { env } from "../env";
import { signAckToken } from "./ack-links";
import { activeSilence } from "./active-silence";
import { enqueueDelivery } from "./enqueue-delivery";
import { incidentMessage, type IncidentForMessage } from "./incident-message";
import { incidentSubject } from "./incident-subject";
import type { NotificationMessage } from "./notification-message";
import { currentOperationalConditions, operationalSubject, type OperationalCondition } from "./operational-conditions";
import { planIncidentNotifications, type PlannedIncident, type PlannedSend, type RouteState } from "./plan-incident-notifications";
import { routeSubject } from "./route-subject";
import type { Matchers, QuietHours } from "./schemas";

export interface EvaluateNotificationsOptions {
  now?: number;
  /** Operational rules on (the worker) or off (tests of anomaly routing). */
  operational?: boolean;
  /** Check the operational rules at most this often (they probe services); an incident opening re-evaluates at once. */
  operationalEveryMs?: number;
  /** Only these anomaly incidents (just opened or escalated): no operational rules, no held deliveries released. */
  incidentIds?: string[];
}

interface Pending {
  planned: PlannedIncident;
  /** Built only for what is sent: most evaluations send nothing, and the evidence costs queries. */
  message: (event: PlannedSend["event"]) => Promise<NotificationMessage>;
}

const toState = (row: {
  openedNotifiedAt: Date | null;
  lastNotifiedAt: Date | null;
  notifiedSeverity: string | null;
  escalatedAt: Date | null;
  resolvedNotifiedAt: Date | null;
  sequence: number;
}): RouteState => ({
  openedNotifiedAt: row.openedNotifiedAt?.getTime() ?? null,
  lastNotifiedAt: row.lastNotifiedAt?.getTime() ?? null,
  notifiedSeverity: row.notifiedSeverity,
  escalatedAt: row.escalatedAt?.getTime() ?? null,
  resolvedNotifiedAt: row.resolvedNotifiedAt?.getTime() ?? null,
  sequence: row.sequence,
});
const toDate = (ms: number | null) => (ms === null ? null : new Date(ms));

/**
 * One pass of the notification pipeline: open incidents and operational conditions go through the
 * routes (top-down), silences and quiet hours, and what must be said becomes deliveries with their
 * runs, in one transaction per incident; held deliveries whose time came are released. Safe to run
 * again at any time: every delivery has a deterministic dedupKey.
 */
export async function evaluateNotifications(db: Db, options: EvaluateNotificationsOptions = {}): Promise<{ deliveries: number; released: number }> {
  const now = options.now ?? Date.now();
  const config = env();
  const routes = (await db.notificationRoute.findMany({ where: { enabled: true } })).map((r) => ({
    ...r,
    matchers: r.matchers as Matchers,
    quietHours: r.quietHours as QuietHours | null,
  }));
  let deliveries = 0;
  if (routes.length > 0) {
    const silences = (await db.notificationSilence.findMany({ where: { endsAt: { gt: new Date(now) }, startsAt: { lte: new Date(now) } } })).map((s) => ({
      ...s,
      matchers: s.matchers as Matchers,
    }));
    const only = options.incidentIds;
    const pending = [
      ...(await anomalyIncidents(db, now, config.PUBLIC_URL, config.NOTIFY_ACK_LINK_HOURS, only)),
      ...(options.operational === false || only ? [] : await operationalIncidents(db, now, config.PUBLIC_URL, options.operationalEveryMs ?? 0)),
    ];
    const states = await db.notificationIncidentState.findMany({ where: { incidentId: { in: pending.map((p) => p.planned.id) } } });
    const byIncident = new Map<string, Map<string, RouteState>>();
    for (const s of states) (byIncident.get(s.incidentId) ?? byIncident.set(s.incidentId, new Map()).get(s.incidentId)!).set(s.routeId, toState(s));

    const planned = pending.flatMap((item) => {
      const matched = routeSubject(routes, item.planned.subject);
      if (matched.length === 0) return [];
      const silence = activeSilence(silences, item.planned.subject, now);
      const before = byIncident.get(item.planned.id) ?? new Map<string, RouteState>();
      return [
        {
          item,
          silence,
          before,
          plan: planIncidentNotifications({ incident: item.planned, routes: matched, states: before, silenced: silence !== undefined, now }),
        },
      ];
    });
    const recordedSilenced = await recordedSilencedKeys(
      db,
      planned.flatMap((p) => p.plan.sends),
    );
    for (const { item, silence, before, plan } of planned) {
      // A silenced send already recorded needs nothing more (and no message built) until the silence ends.
      const sends = plan.sends.filter((s) => !s.silenced || s.channelIds.some((c) => !recordedSilenced.has(`${s.dedupKey}:${c}`)));
      const changed = [...plan.states].filter(([routeId, st]) => JSON.stringify(st) !== JSON.stringify(before.get(routeId) ?? null));
      if (changed.length === 0 && sends.length === 0) continue;
      deliveries += await inTransaction(db, async (tx) => {
        for (const [routeId, st] of changed) {
          const data = {
            openedNotifiedAt: toDate(st.openedNotifiedAt),
            lastNotifiedAt: toDate(st.lastNotifiedAt),
            notifiedSeverity: st.notifiedSeverity,
            escalatedAt: toDate(st.escalatedAt),
            resolvedNotifiedAt: toDate(st.resolvedNotifiedAt),
            sequence: st.sequence,
          };
          await tx.notificationIncidentState.upsert({
            where: { incidentId_routeId: { incidentId: item.planned.id, routeId } },
            create: { incidentId: item.planned.id, routeId, ...data },
            update: data,
          });
        }
        let created = 0;
        for (const send of sends) {
          const message = await item.message(send.event);
          const status = send.silenced ? "silenced" : send.notBefore !== null ? "held" : "queued";
          const rows = await tx.notificationDelivery.createManyAndReturn({
            data: send.channelIds.map((channelId) => ({
              id: createId("ntf"),
              channelId,
              dedupKey: `${send.dedupKey}:${channelId}`,
              event: send.event,
              incidentId: item.planned.id.startsWith("op:") ? null : item.planned.id,
              routeId: send.routeId,
              payload: message as object,
              status,
              notBefore: toDate(send.notBefore),
              silenceId: send.silenced ? silence!.id : null,
            })),
            skipDuplicates: true,
          });
          // What a silence held back, planned again now that nothing mutes it: the same rows, released with a fresh message.
          const released = send.silenced
            ? []
            : await tx.notificationDelivery.updateManyAndReturn({
                where: { dedupKey: { in: send.channelIds.map((c) => `${send.dedupKey}:${c}`) }, status: "silenced" },
                data: { status, notBefore: toDate(send.notBefore), payload: message as object },
              });
          for (const row of [...rows, ...released])
            if (row.status === "queued")
              await enqueueDelivery(tx, { deliveryId: row.id, triggeredBy: `notifications:${send.event}${released.includes(row) ? ":unsilenced" : ""}` });
          created += rows.length + released.length;
        }
        return created;
      });
    }
  }
  return { deliveries, released: options.incidentIds ? 0 : await releaseHeldDeliveries(db, now) };
}

/** The dedup keys of the silenced sends already recorded, in one query for the whole pass. */
async function recordedSilencedKeys(db: Db, sends: PlannedSend[]): Promise<Set<string>> {
  const keys = sends.filter((s) => s.silenced).flatMap((s) => s.channelIds.map((c) => `${s.dedupKey}:${c}`));
  if (keys.length === 0) return new Set();
  return new Set((await db.notificationDelivery.findMany({ where: { dedupKey: { in: keys } }, select: { dedupKey: true } })).map((d) => d.dedupKey));
}

/** Quiet hours and digests hold deliveries until notBefore; this queues the ones whose time came. */
async function releaseHeldDeliveries(db: Db, now: number): Promise<number> {
  const due = await db.notificationDelivery.findMany({
    where: { status: "held", notBefore: { lte: new Date(now) } },
    select: { id: true, event: true },
    take: 500,
  });
  let released = 0;
  for (const d of due) {
    released += await inTransaction(db, async (tx) => {
      const claimed = await tx.notificationDelivery.updateMany({ where: { id: d.id, status: "held" }, data: { status: "queued" } });
      if (claimed.count === 0) return 0;
      await enqueueDelivery(tx, { deliveryId: d.id, triggeredBy: `notifications:${d.event}:released` });
      return 1;
    });
  }
  return released;
}

// "critical" sorts before "warning": the evidence shown is the most severe alert, then the highest score.
async function anomalyIncidents(db: Db, now: number, publicUrl: string, ackHours: number, only?: string[]): Promise<Pending[]> {
  const unresolvedAnnounced = only
    ? []
    : await db.notificationIncidentState.findMany({
        where: { openedNotifiedAt: { not: null }, resolvedNotifiedAt: null, NOT: { incidentId: { startsWith: "op:" } } },
        select: { incidentId: true },
        take: 1_000,
      });
  const incidents = await db.alertIncident.findMany({
    where: only ? { id: { in: only } } : { OR: [{ status: { not: "resolved" } }, { id: { in: unresolvedAnnounced.map((s) => s.incidentId) } }] },
    orderBy: { openedAt: "desc" },
    take: 1_000,
  });
  const sites = new Map(
    (await db.sensor.findMany({ where: { key: { in: [...new Set(incidents.map((i) => i.sensorKey))] } }, select: { key: true, site: true } })).map((s) => [
      s.key,
      s.site,
    ]),
  );
  return incidents.map((i) => {
    const site = sites.get(i.sensorKey) ?? null;
    const subject = incidentSubject(i, site);
    const details = async (): Promise<IncidentForMessage> => {
      const [top, alertCount] = await Promise.all([
        db.alert.findFirst({ where: { incidentId: i.id }, orderBy: [{ severity: "asc" }, { score: "desc" }] }),
        db.alert.count({ where: { incidentId: i.id } }),
      ]);
      return { ...i, alertCount, top };
    };
    const ackUrl = () => (i.status === "open" ? `${publicUrl}/api/notifications/ack?token=${signAckToken({ i: i.id, e: now + ackHours * 3_600_000 })}` : null);
    return {
      planned: { id: i.id, status: i.status as PlannedIncident["status"], severity: subject.severity, openedAt: i.openedAt.getTime(), subject },
      message: async (event) =>
        incidentMessage({ event, incident: await details(), site, publicUrl, ackUrl: event === "incident.resolved" ? null : ackUrl(), now }),
    };
  });
}

/** Operational conditions become pseudo-incidents `op:<kind>:<subject>`, open while the condition holds. */
async function operationalIncidents(db: Db, now: number, publicUrl: string, everyMs: number): Promise<Pending[]> {
  const active = await currentOperationalConditions(db, now, everyMs);
  const activeIds = new Set(active.map((c) => c.id));
  const announced = await db.notificationIncidentState.findMany({
    where: { incidentId: { startsWith: "op:" }, openedNotifiedAt: { not: null }, resolvedNotifiedAt: null },
    select: { incidentId: true, openedNotifiedAt: true },
  });
  const cleared: OperationalCondition[] = [...new Map(announced.filter((s) => !activeIds.has(s.incidentId)).map((s) => [s.incidentId, s])).values()].map(
    (s) => {
      const [, kind, ...rest] = s.incidentId.split(":");
      return {
        id: s.incidentId,
        kind,
        subjectKey: rest.join(":"),
        severity: "warning",
        title: `${kind.replaceAll("_", " ")}: ${rest.join(":")}`,
        details: {},
        excludeChannelIds: [],
        since: s.openedNotifiedAt!.getTime(),
      };
    },
  );
  const clearedIds = new Set(cleared.map((c) => c.id));
  return [...active, ...cleared].map((c) => {
    const status = clearedIds.has(c.id) ? "resolved" : "open";
    const subject = operationalSubject(c);
    return {
      planned: { id: c.id, status, severity: c.severity, openedAt: c.since, subject, excludeChannelIds: c.excludeChannelIds },
      message: async (event): Promise<NotificationMessage> => ({
        schema: "gristmill.alert.v1",
        event: event === "incident.resolved" ? "operational.resolved" : "operational.firing",
        createdAt: new Date(now).toISOString(),
        severity: c.severity,
        title: `${status === "resolved" ? "Resolved: " : ""}${c.title}`,
        summary: status === "resolved" ? `${c.title}: no longer the case.` : (c.summary ?? c.title),
        incident: null,
        evidence: null,
        operational: { kind: c.kind, subject: c.subjectKey, details: c.details },
        links: { console: publicUrl, incident: null, chart: null, acknowledge: null },
      }),
    };
  });
}
