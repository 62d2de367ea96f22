import type { Db } from "../db";
import { activeSilence } from "./active-silence";
import { incidentSubject } from "./incident-subject";
import type { Matchers } from "./schemas";

export interface IncidentMute {
  /** silence or maintenance (a window mutes it), or quiet_hours (a route holds its message) */
  kind: "silence" | "maintenance" | "quiet_hours";
  silenceId: string | null;
  endsAt: Date;
  comment: string;
}

/**
 * What keeps these incidents' notifications back now: a silence or maintenance window that mutes them
 * (their alerts are recorded all the same), or else a route's quiet hours holding a message until they end.
 */
export async function silencedIncidents(db: Db, options: { ids: string[]; now?: number }): Promise<Record<string, IncidentMute>> {
  const now = options.now ?? Date.now();
  if (options.ids.length === 0) return {};
  const result: Record<string, IncidentMute> = {};
  const held = await db.notificationDelivery.findMany({
    where: { incidentId: { in: options.ids }, status: "held", notBefore: { gt: new Date(now) } },
    select: { incidentId: true, notBefore: true },
    orderBy: { notBefore: "asc" },
  });
  for (const d of held)
    if (d.incidentId && !result[d.incidentId]) result[d.incidentId] = { kind: "quiet_hours", silenceId: null, endsAt: d.notBefore!, comment: "quiet hours" };
  const silences = (await db.notificationSilence.findMany({ where: { endsAt: { gt: new Date(now) }, startsAt: { lte: new Date(now) } } })).map((s) => ({
    ...s,
    matchers: s.matchers as Matchers,
  }));
  if (silences.length === 0) return result;
  const incidents = await db.alertIncident.findMany({ where: { id: { in: options.ids } } });
  const sites = new Map(
    (await db.sensor.findMany({ where: { key: { in: incidents.map((i) => i.sensorKey) } }, select: { key: true, site: true } })).map((s) => [s.key, s.site]),
  );
  for (const i of incidents) {
    const s = activeSilence(silences, incidentSubject(i, sites.get(i.sensorKey) ?? null), now);
    if (s) result[i.id] = { kind: s.kind === "maintenance" ? "maintenance" : "silence", silenceId: s.id, endsAt: s.endsAt, comment: s.comment };
  }
  return result;
}
