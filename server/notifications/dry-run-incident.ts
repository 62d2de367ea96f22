import type { Db } from "../db";
import { notFound } from "../errors";
import { activeSilence } from "./active-silence";
import { incidentSubject } from "./incident-subject";
import { quietHoursEnd } from "./quiet-hours-end";
import { routeSubject } from "./route-subject";
import type { Matchers, QuietHours } from "./schemas";

/** "Who would hear about this": the routes an incident matches now, their channels, and what holds them back. */
export async function dryRunIncident(db: Db, options: { incidentId: string; now?: number }) {
  const now = options.now ?? Date.now();
  const incident = await db.alertIncident.findUnique({ where: { id: options.incidentId } });
  if (!incident) throw notFound("Alert");
  const sensor = await db.sensor.findUnique({ where: { key: incident.sensorKey }, select: { site: true } });
  const subject = incidentSubject(incident, sensor?.site ?? null);
  const routes = (await db.notificationRoute.findMany()).map((r) => ({ ...r, matchers: r.matchers as Matchers, quietHours: r.quietHours as QuietHours | null }));
  const silences = (await db.notificationSilence.findMany({ where: { endsAt: { gt: new Date(now) } } })).map((s) => ({ ...s, matchers: s.matchers as Matchers }));
  const silence = activeSilence(silences, subject, now);
  const channels = new Map((await db.notificationChannel.findMany({ select: { id: true, name: true, type: true } })).map((c) => [c.id, c]));
  const matched = routeSubject(routes, subject);
  return {
    subject,
    silencedBy: silence ? { id: silence.id, comment: silence.comment, endsAt: silence.endsAt } : null,
    routes: matched.map((r) => {
      const quietUntil = quietHoursEnd(r.quietHours, now);
      return {
        id: r.id,
        name: r.name,
        channels: r.channelIds.map((id) => channels.get(id)).filter(Boolean),
        escalation: r.escalateAfterMinutes ? { afterMinutes: r.escalateAfterMinutes, channels: r.escalateChannelIds.map((id) => channels.get(id)).filter(Boolean) } : null,
        heldUntil: quietUntil === null ? null : new Date(quietUntil),
      };
    }),
  };
}
