import { DomainError } from "../../errors";
import type { AlertGroup, AlertStatus, GroupEvent } from "./alert-group";

/** open → acknowledged → resolved; open → resolved. Resolved is final: new alerts open a new incident. */
export const allowedTransitions: Record<AlertStatus, readonly AlertStatus[]> = {
  open: ["acknowledged", "resolved"],
  acknowledged: ["resolved"],
  resolved: [],
};

function assertTransition(group: AlertGroup, to: AlertStatus): void {
  if (!allowedTransitions[group.status].includes(to)) {
    throw new DomainError("CONFLICT", `Alert ${group.id} is ${group.status} and cannot become ${to}`, { from: group.status, to });
  }
}

export function acknowledgeGroup(group: AlertGroup, options: { by: string; at: number }): AlertGroup {
  assertTransition(group, "acknowledged");
  return { ...group, status: "acknowledged", acknowledgedAt: options.at, acknowledgedBy: options.by };
}

export function resolveGroup(group: AlertGroup, options: { by: string; at: number }): AlertGroup {
  assertTransition(group, "resolved");
  return { ...group, status: "resolved", resolvedAt: options.at, resolvedBy: options.by, resolution: "manual" };
}

/** Incidents with no new alert for `quietMs` resolve themselves (open or acknowledged alike). */
export function autoResolveGroups(groups: readonly AlertGroup[], options: { now: number; quietMs: number }): { resolved: AlertGroup[]; events: GroupEvent[] } {
  const resolved = groups
    .filter((g) => g.status !== "resolved" && options.now - g.lastSeenAt >= options.quietMs)
    .map((g): AlertGroup => ({ ...g, status: "resolved", resolvedAt: options.now, resolvedBy: null, resolution: "auto" }));
  return { resolved, events: resolved.map((g) => ({ type: "resolved", groupId: g.id, resolution: "auto" })) };
}
