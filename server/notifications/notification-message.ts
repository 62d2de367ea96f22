/**
 * The one message every channel renders: the webhook body as is (schema `gristmill.alert.v1`),
 * Slack blocks, a Teams card and an email made from it.
 */
export interface NotificationMessage {
  schema: "gristmill.alert.v1";
  event: string;
  /** When the message was composed (ISO 8601); retries send the same message. */
  createdAt: string;
  severity: "warning" | "critical" | "info";
  title: string;
  summary: string;
  incident: {
    id: string;
    status: string;
    sensorKey: string;
    region: string | null;
    infraType: string | null;
    site: string | null;
    quantity: string | null;
    detectors: string[];
    openedAt: string;
    lastSeenAt: string;
    alertCount: number;
  } | null;
  evidence: {
    detector: string;
    message: string;
    at: string;
    observed: number;
    expected: { low: number | null; high: number | null; center: number | null };
    score: number;
    window: { from: string; to: string };
  } | null;
  operational: { kind: string; subject: string; details: Record<string, unknown> } | null;
  links: { console: string; incident: string | null; chart: string | null; acknowledge: string | null };
}

export const severityColour: Record<NotificationMessage["severity"], string> = { critical: "#d92d20", warning: "#f79009", info: "#2e90fa" };
