import type { Severity } from "../detectors/detector";

export type AlertStatus = "open" | "acknowledged" | "resolved";

/** An incident: the alerts of one sensor (or one grouping key) while it is failing. */
export interface AlertGroup {
  id: string;
  groupingKey: string;
  status: AlertStatus;
  severity: Severity;
  detectors: string[];
  /** Keys of the alerts in the group: re-processing the same window adds nothing. */
  alertKeys: string[];
  openedAt: number;
  lastSeenAt: number;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  resolvedAt: number | null;
  resolvedBy: string | null;
  resolution: "manual" | "auto" | null;
}

/** What changed, for the live channel: one event per incident, not one per alert. */
export type GroupEvent =
  | { type: "opened"; groupId: string }
  | { type: "escalated"; groupId: string; from: Severity; to: Severity }
  | { type: "resolved"; groupId: string; resolution: "manual" | "auto" }
  | { type: "acknowledged"; groupId: string };

export const severityRank: Record<Severity, number> = { warning: 1, critical: 2 };

export const isActive = (group: AlertGroup) => group.status !== "resolved";
