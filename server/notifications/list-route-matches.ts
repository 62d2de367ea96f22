import type { Db } from "../db";
import { activeSilence } from "./active-silence";
import { incidentSubject } from "./incident-subject";
import type { NotificationSubject } from "./match-subject";
import { currentOperationalConditions, operationalSubject } from "./operational-conditions";
import { routeSubject } from "./route-subject";
import type { Matchers } from "./schemas";

const OPEN_LIMIT = 1_000;
const PER_ROUTE = 50;
/** The page refetches on every alert event: the operational probes run at most this often for it. */
const OPERATIONAL_MAX_AGE_MS = 5_000;

export interface RouteMatchItem {
  /** An anomaly incident's id, or op:<kind>:<subject> for an operational alert */
  id: string;
  kind: string;
  title: string;
  sensorKey: string | null;
  severity: string;
  status: string;
  region: string | null;
  openedAt: Date;
  silencedBy: string | null;
}

/**
 * Each route's open incidents and operational alerts as the evaluator walks them now (top-down,
 * stopping where a route says stop), operational first, then anomalies newest first, with whether a
 * silence or maintenance window mutes each. The console shows it per route and refetches it on the
 * alerts topic's events; `operational` lists every operational alert open now, matched or not.
 */
export async function listRouteMatches(db: Db, options: { now?: number; operationalMaxAgeMs?: number } = {}) {
  const now = options.now ?? Date.now();
  const routes = (await db.notificationRoute.findMany({ where: { enabled: true } })).map((r) => ({ ...r, matchers: r.matchers as Matchers }));
  const conditions = await currentOperationalConditions(db, now, options.operationalMaxAgeMs ?? OPERATIONAL_MAX_AGE_MS);
  const operational = conditions.map((c) => ({ id: c.id, kind: c.kind, title: c.title, severity: c.severity, since: new Date(c.since) }));
  if (routes.length === 0) return { routes: [], openIncidents: 0, operational };
  const incidents = await db.alertIncident.findMany({ where: { status: { not: "resolved" } }, orderBy: { openedAt: "desc" }, take: OPEN_LIMIT });
  const sites = new Map(
    (await db.sensor.findMany({ where: { key: { in: [...new Set(incidents.map((i) => i.sensorKey))] } }, select: { key: true, site: true } })).map((s) => [
      s.key,
      s.site,
    ]),
  );
  const silences = (await db.notificationSilence.findMany({ where: { endsAt: { gt: new Date(now) }, startsAt: { lte: new Date(now) } } })).map((s) => ({
    ...s,
    matchers: s.matchers as Matchers,
  }));
  const items: Array<{ item: Omit<RouteMatchItem, "silencedBy">; subject: NotificationSubject }> = [
    ...conditions.map((c) => ({
      item: {
        id: c.id,
        kind: c.kind,
        title: c.title,
        sensorKey: c.sensorKey ?? null,
        severity: c.severity,
        status: "open",
        region: c.region ?? null,
        openedAt: new Date(c.since),
      },
      subject: operationalSubject(c),
    })),
    ...incidents.map((i) => ({
      item: {
        id: i.id,
        kind: "anomaly",
        title: i.sensorKey,
        sensorKey: i.sensorKey,
        severity: i.severity,
        status: i.status,
        region: i.region,
        openedAt: i.openedAt,
      },
      subject: incidentSubject(i, sites.get(i.sensorKey) ?? null),
    })),
  ];
  const byRoute = new Map(routes.map((r) => [r.id, { total: 0, incidents: [] as RouteMatchItem[] }]));
  for (const { item, subject } of items) {
    const matched = routeSubject(routes, subject);
    if (matched.length === 0) continue;
    const silence = activeSilence(silences, subject, now);
    for (const r of matched) {
      const entry = byRoute.get(r.id)!;
      entry.total += 1;
      if (entry.incidents.length < PER_ROUTE) entry.incidents.push({ ...item, silencedBy: silence?.comment ?? null });
    }
  }
  return { routes: [...byRoute].map(([routeId, m]) => ({ routeId, ...m })), openIncidents: incidents.length + conditions.length, operational };
}
