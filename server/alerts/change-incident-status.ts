import { acknowledgeGroup, resolveGroup } from "../anomaly/alert-grouping/alert-lifecycle";
import { recordChange } from "../audit/audit-scope";
import { inTransaction, type Db } from "../db";
import { notFound } from "../errors";
import { publishEvent } from "../realtime/events";
import { afterCommit } from "../audit/audit-scope";
import { groupToIncidentFields, incidentToGroup } from "./incident-mapping";

export interface ChangeIncidentStatusOptions {
  id: string;
  action: "acknowledge" | "resolve";
  by: string;
}

/** Moves an incident along open → acknowledged → resolved; an impossible move is a CONFLICT. */
export async function changeIncidentStatus(db: Db, options: ChangeIncidentStatusOptions) {
  return inTransaction(db, async (tx) => {
    const row = await tx.alertIncident.findUnique({ where: { id: options.id } });
    if (!row) throw notFound("Alert");
    const step = options.action === "acknowledge" ? acknowledgeGroup : resolveGroup;
    const next = step(incidentToGroup(row), { by: options.by, at: Date.now() });
    const updated = await tx.alertIncident.update({ where: { id: row.id }, data: groupToIncidentFields(next) });
    recordChange({ targetType: "alertIncident", targetId: row.id, before: { status: row.status }, after: { status: updated.status } });
    await afterCommit(() => publishEvent("alerts", "alert:status", { id: row.id, status: updated.status }));
    return updated;
  });
}
