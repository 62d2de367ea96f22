import { autoResolveGroups } from "../anomaly/alert-grouping/alert-lifecycle";
import type { Db } from "../db";
import { groupToIncidentFields, incidentToGroup } from "./incident-mapping";

/** Resolves incidents that have been quiet for quietMs. */
export async function autoResolveIncidents(db: Db, options: { now: number; quietMs: number }): Promise<number> {
  const active = await db.alertIncident.findMany({ where: { status: { not: "resolved" }, lastSeenAt: { lt: new Date(options.now - options.quietMs) } } });
  const { resolved } = autoResolveGroups(active.map((row) => incidentToGroup(row)), options);
  for (const group of resolved) await db.alertIncident.update({ where: { id: group.id }, data: groupToIncidentFields(group) });
  return resolved.length;
}
