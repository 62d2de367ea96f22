import type { IncidentEvent } from "./plan-incident-notifications";
import type { NotificationMessage } from "./notification-message";

export interface IncidentForMessage {
  id: string;
  status: string;
  severity: string;
  sensorKey: string;
  region: string | null;
  infraType: string | null;
  quantity: string | null;
  detectors: string[];
  openedAt: Date;
  lastSeenAt: Date;
  alertCount: number;
  top: {
    detector: string;
    message: string;
    at: Date;
    observed: number;
    expectedLow: number | null;
    expectedHigh: number | null;
    expectedCenter: number | null;
    score: number;
    evidenceFrom: Date;
    evidenceTo: Date;
  } | null;
}

const verbs: Record<IncidentEvent, string> = {
  "incident.opened": "opened",
  "incident.escalated": "escalated",
  "incident.reminder": "still open",
  "incident.unacknowledged": "not acknowledged",
  "incident.resolved": "resolved",
};

/** The message for an incident event; the acknowledge link is made by the caller (it is signed and expires). */
export function incidentMessage(options: {
  event: IncidentEvent;
  incident: IncidentForMessage;
  site: string | null;
  publicUrl: string;
  ackUrl: string | null;
  now: number;
}): NotificationMessage {
  const { incident: i, publicUrl } = options;
  const where = [i.infraType, i.region, options.site].filter(Boolean).join(" · ");
  const top = i.top;
  const chartFrom = new Date((top?.evidenceFrom ?? i.openedAt).getTime() - 30 * 60_000).toISOString();
  const chartTo = new Date((top?.evidenceTo ?? i.lastSeenAt).getTime() + 30 * 60_000).toISOString();
  return {
    schema: "gristmill.alert.v1",
    event: options.event,
    createdAt: new Date(options.now).toISOString(),
    severity: i.severity === "critical" ? "critical" : "warning",
    title: `${i.sensorKey}: ${top?.message ?? i.detectors.join(", ")} (${verbs[options.event]})`,
    summary: `${options.event === "incident.resolved" ? "Resolved" : i.severity === "critical" ? "Critical" : "Warning"} on ${i.sensorKey}${where ? ` (${where})` : ""}: ${i.alertCount} alert${i.alertCount === 1 ? "" : "s"} from ${i.detectors.join(", ")} since ${i.openedAt.toISOString()}.`,
    incident: {
      id: i.id,
      status: i.status,
      sensorKey: i.sensorKey,
      region: i.region,
      infraType: i.infraType,
      site: options.site,
      quantity: i.quantity,
      detectors: i.detectors,
      openedAt: i.openedAt.toISOString(),
      lastSeenAt: i.lastSeenAt.toISOString(),
      alertCount: i.alertCount,
    },
    evidence: top
      ? {
          detector: top.detector,
          message: top.message,
          at: top.at.toISOString(),
          observed: top.observed,
          expected: { low: top.expectedLow, high: top.expectedHigh, center: top.expectedCenter },
          score: top.score,
          window: { from: top.evidenceFrom.toISOString(), to: top.evidenceTo.toISOString() },
        }
      : null,
    operational: null,
    links: {
      console: publicUrl,
      incident: `${publicUrl}/alerts?incident=${encodeURIComponent(i.id)}`,
      chart: `${publicUrl}/sensors/${encodeURIComponent(i.sensorKey)}?from=${chartFrom}&to=${chartTo}`,
      acknowledge: options.ackUrl,
    },
  };
}
