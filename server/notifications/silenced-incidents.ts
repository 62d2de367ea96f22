import type { Db } from "../db";
import { activeSilence } from "./active-silence";
import type { Matchers } from "./schemas";

/** Which of these incidents a silence or maintenance window mutes now (their alerts are recorded all the same). */
export async function silencedIncidents(db: Db, options: { ids: string[]; now?: number }): Promise<Record<string, { silenceId: string; kind: string; endsAt: Date; comment: string }>> {
  const now = options.now ?? Date.now();
  const silences = (await db.notificationSilence.findMany({ where: { endsAt: { gt: new Date(now) }, startsAt: { lte: new Date(now) } } })).map((s) => ({ ...s, matchers: s.matchers as Matchers }));
  if (silences.length === 0 || options.ids.length === 0) return {};
  const incidents = await db.alertIncident.findMany({ where: { id: { in: options.ids } } });
  const sites = new Map((await db.sensor.findMany({ where: { key: { in: incidents.map((i) => i.sensorKey) } }, select: { key: true, site: true } })).map((s) => [s.key, s.site]));
  const result: Record<string, { silenceId: string; kind: string; endsAt: Date; comment: string }> = {};
  for (const i of incidents) {
    const s = activeSilence(silences, { kind: "anomaly", severity: i.severity as "warning" | "critical", region: i.region, infraType: i.infraType, site: sites.get(i.sensorKey) ?? null, sensorKey: i.sensorKey, quantity: i.quantity, detectors: i.detectors }, now);
    if (s) result[i.id] = { silenceId: s.id, kind: s.kind, endsAt: s.endsAt, comment: s.comment };
  }
  return result;
}
