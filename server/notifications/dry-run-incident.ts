import type { Db } from "../db";
import { notFound } from "../errors";
import { activeSilence } from "./active-silence";
import { incidentSubject } from "./incident-subject";
import type { NotificationSubject } from "./match-subject";
import { currentOperationalConditions, operationalSubject } from "./operational-conditions";
import { quietHoursEnd } from "./quiet-hours-end";
import { routeSubject } from "./route-subject";
import type { Matchers, QuietHours } from "./schemas";

/** An anomaly incident by id, or an operational alert open now by its op:<kind>:<subject> id. */
async function subjectOf(db: Db, incidentId: string, now: number): Promise<{ subject: NotificationSubject; excludeChannelIds: string[] }> {
  if (incidentId.startsWith("op:")) {
    const condition = (await currentOperationalConditions(db, now, 5_000)).find((c) => c.id === incidentId);
    if (!condition) throw notFound("Operational alert");
    return { subject: operationalSubject(condition), excludeChannelIds: condition.excludeChannelIds };
  }
  const incident = await db.alertIncident.findUnique({ where: { id: incidentId } });
  if (!incident) throw notFound("Alert");
  const sensor = await db.sensor.findUnique({ where: { key: incident.sensorKey }, select: { site: true } });
  return { subject: incidentSubject(incident, sensor?.site ?? null), excludeChannelIds: [] };
}

/** "Who would hear about this": the routes an incident or operational alert matches now, their channels, and what holds them back. */
export async function dryRunIncident(db: Db, options: { incidentId: string; now?: number }) {
  const now = options.now ?? Date.now();
  const { subject, excludeChannelIds } = await subjectOf(db, options.incidentId, now);
  const routes = (await db.notificationRoute.findMany()).map((r) => ({
    ...r,
    matchers: r.matchers as Matchers,
    quietHours: r.quietHours as QuietHours | null,
  }));
  const silences = (await db.notificationSilence.findMany({ where: { endsAt: { gt: new Date(now) } } })).map((s) => ({
    ...s,
    matchers: s.matchers as Matchers,
  }));
  const silence = activeSilence(silences, subject, now);
  const channels = new Map((await db.notificationChannel.findMany({ select: { id: true, name: true, type: true } })).map((c) => [c.id, c]));
  const named = (ids: string[]) =>
    ids
      .filter((id) => !excludeChannelIds.includes(id))
      .map((id) => channels.get(id))
      .filter(Boolean);
  const matched = routeSubject(routes, subject);
  return {
    subject,
    silencedBy: silence ? { id: silence.id, kind: silence.kind, comment: silence.comment, endsAt: silence.endsAt } : null,
    routes: matched.map((r) => {
      const quietUntil = quietHoursEnd(r.quietHours, now);
      return {
        id: r.id,
        name: r.name,
        channels: named(r.channelIds),
        escalation: r.escalateAfterMinutes ? { afterMinutes: r.escalateAfterMinutes, channels: named(r.escalateChannelIds) } : null,
        heldUntil: quietUntil === null ? null : new Date(quietUntil),
      };
    }),
  };
}
