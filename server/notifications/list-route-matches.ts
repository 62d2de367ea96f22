import type { Db } from "../db";
import { activeSilence } from "./active-silence";
import { incidentSubject } from "./incident-subject";
import { routeSubject } from "./route-subject";
import type { Matchers } from "./schemas";

const OPEN_LIMIT = 1_000;
const PER_ROUTE = 50;

/**
 * Each route's open incidents as the evaluator walks them now (top-down, stopping where a route says
 * stop), newest first, with whether a silence or maintenance window mutes each. The console shows it
 * per route and refetches it on the alerts topic's events.
 */
export async function listRouteMatches(db: Db, options: { now?: number } = {}) {
  const now = options.now ?? Date.now();
  const routes = (await db.notificationRoute.findMany({ where: { enabled: true } })).map((r) => ({ ...r, matchers: r.matchers as Matchers }));
  if (routes.length === 0) return { routes: [], openIncidents: 0 };
  const incidents = await db.alertIncident.findMany({ where: { status: { not: "resolved" } }, orderBy: { openedAt: "desc" }, take: OPEN_LIMIT });
  const sites = new Map((await db.sensor.findMany({ where: { key: { in: [...new Set(incidents.map((i) => i.sensorKey))] } }, select: { key: true, site: true } })).map((s) => [s.key, s.site]));
  const silences = (await db.notificationSilence.findMany({ where: { endsAt: { gt: new Date(now) }, startsAt: { lte: new Date(now) } } })).map((s) => ({ ...s, matchers: s.matchers as Matchers }));
  const byRoute = new Map(routes.map((r) => [r.id, { total: 0, incidents: [] as Array<{ id: string; sensorKey: string; severity: string; status: string; region: string | null; openedAt: Date; silencedBy: string | null }> }]));
  for (const i of incidents) {
    const subject = incidentSubject(i, sites.get(i.sensorKey) ?? null);
    const matched = routeSubject(routes, subject);
    if (matched.length === 0) continue;
    const silence = activeSilence(silences, subject, now);
    for (const r of matched) {
      const entry = byRoute.get(r.id)!;
      entry.total += 1;
      if (entry.incidents.length < PER_ROUTE) entry.incidents.push({ id: i.id, sensorKey: i.sensorKey, severity: i.severity, status: i.status, region: i.region, openedAt: i.openedAt, silencedBy: silence?.comment ?? null });
    }
  }
  return { routes: [...byRoute].map(([routeId, m]) => ({ routeId, ...m })), openIncidents: incidents.length };
}
