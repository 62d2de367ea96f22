import type { AlertGroup } from "../anomaly/alert-grouping/alert-group";
import type { AlertIncident } from "../db/generated/client";

const ms = (d: Date | null) => (d ? d.getTime() : null);
const date = (t: number | null) => (t === null ? null : new Date(t));

export function incidentToGroup(row: AlertIncident, alertKeys: string[] = []): AlertGroup {
  return {
    id: row.id,
    groupingKey: row.groupingKey,
    status: row.status as AlertGroup["status"],
    severity: row.severity as AlertGroup["severity"],
    detectors: row.detectors,
    alertKeys,
    openedAt: row.openedAt.getTime(),
    lastSeenAt: row.lastSeenAt.getTime(),
    acknowledgedAt: ms(row.acknowledgedAt),
    acknowledgedBy: row.acknowledgedBy,
    resolvedAt: ms(row.resolvedAt),
    resolvedBy: row.resolvedBy,
    resolution: row.resolution as AlertGroup["resolution"],
  };
}

export function groupToIncidentFields(group: AlertGroup) {
  return {
    status: group.status,
    severity: group.severity,
    detectors: group.detectors,
    openedAt: new Date(group.openedAt),
    lastSeenAt: new Date(group.lastSeenAt),
    acknowledgedAt: date(group.acknowledgedAt),
    acknowledgedBy: group.acknowledgedBy,
    resolvedAt: date(group.resolvedAt),
    resolvedBy: group.resolvedBy,
    resolution: group.resolution,
  };
}
