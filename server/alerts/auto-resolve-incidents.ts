import { autoResolveGroups } from "../anomaly/alert-grouping/alert-lifecycle";
import type { Db } from "../db";
import { groupToIncidentFields, incidentToGroup } from "./incident-mapping";

/**
 * Resolves incidents that have been quiet for quietMs: no alert within quietMs of `now` by reading
 * time, and none written in the last quietMs (a backfill that has just found yesterday's faults
 * opens incidents an operator should still see open).
 */
export async function autoResolveIncidents(db: Db, options: { now: number; quietMs: number; wallClock?: number }): Promise<number> {
  const writtenSince = new Date((options.wallClock ?? Date.now()) - options.quietMs);
  const active = await db.alertIncident.findMany({
    where: {
      status: { not: "resolved" },
      lastSeenAt: { lt: new Date(options.now - options.quietMs) },
      alerts: { none: { firstSeenAt: { gte: writtenSince } } },
    },
  });
  const { resolved } = autoResolveGroups(
    active.map((row) => incidentToGroup(row)),
    options,
  );
  for (const group of resolved) await db.alertIncident.update({ where: { id: group.id }, data: groupToIncidentFields(group) });
  return resolved.length;
}
