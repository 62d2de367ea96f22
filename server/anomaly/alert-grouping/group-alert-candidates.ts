import type { AlertCandidate } from "../evaluate-sensor-readings";
import { isActive, severityRank, type AlertGroup, type GroupEvent } from "./alert-group";

export interface GroupAlertCandidatesOptions {
  candidates: readonly AlertCandidate[];
  /** Groups that are open or acknowledged now (resolved ones are ignored). */
  activeGroups: readonly AlertGroup[];
  /** Which alerts belong together; by default all alerts of one sensor. */
  groupingKeyOf?: (candidate: AlertCandidate) => string;
}

export interface GroupAlertCandidatesResult {
  /** Every group that was created or changed (copies; the inputs are untouched). */
  changed: AlertGroup[];
  /** Alert key → group id, for the alert rows. */
  assignments: Map<string, string>;
  events: GroupEvent[];
}

export const bySensor = (candidate: AlertCandidate) => candidate.sensorKey;

/**
 * Folds new alerts into incidents, so a failing sensor raises one incident however many
 * detectors and buckets fire. A worse severity re-opens an acknowledged incident.
 */
export function groupAlertCandidates(options: GroupAlertCandidatesOptions): GroupAlertCandidatesResult {
  const keyOf = options.groupingKeyOf ?? bySensor;
  const active = new Map<string, AlertGroup>();
  for (const group of options.activeGroups) if (isActive(group)) active.set(group.groupingKey, group);
  const changed = new Map<string, AlertGroup>();
  const assignments = new Map<string, string>();
  const events: GroupEvent[] = [];

  const sorted = [...options.candidates].sort((a, b) => a.time - b.time || a.key.localeCompare(b.key));
  for (const candidate of sorted) {
    const groupingKey = keyOf(candidate);
    const existing = active.get(groupingKey);
    if (!existing) {
      const group: AlertGroup = {
        // Deterministic: the same alerts give the same incident id on a re-run.
        id: `${groupingKey}|${new Date(candidate.time).toISOString()}`,
        groupingKey,
        status: "open",
        severity: candidate.severity,
        detectors: [candidate.detector],
        alertKeys: [candidate.key],
        openedAt: candidate.time,
        lastSeenAt: candidate.time,
        acknowledgedAt: null,
        acknowledgedBy: null,
        resolvedAt: null,
        resolvedBy: null,
        resolution: null,
      };
      active.set(groupingKey, group);
      changed.set(group.id, group);
      assignments.set(candidate.key, group.id);
      events.push({ type: "opened", groupId: group.id });
      continue;
    }
    assignments.set(candidate.key, existing.id);
    if (existing.alertKeys.includes(candidate.key)) continue;
    const group = changed.get(existing.id) ?? { ...existing, detectors: [...existing.detectors], alertKeys: [...existing.alertKeys] };
    group.alertKeys.push(candidate.key);
    if (!group.detectors.includes(candidate.detector)) group.detectors.push(candidate.detector);
    group.lastSeenAt = Math.max(group.lastSeenAt, candidate.time);
    if (severityRank[candidate.severity] > severityRank[group.severity]) {
      events.push({ type: "escalated", groupId: group.id, from: group.severity, to: candidate.severity });
      group.severity = candidate.severity;
      if (group.status === "acknowledged") group.status = "open";
    }
    active.set(groupingKey, group);
    changed.set(group.id, group);
  }
  return { changed: [...changed.values()], assignments, events };
}
