import type { NotificationSubject } from "./match-subject";
import { quietHoursEnd } from "./quiet-hours-end";
import type { QuietHours } from "./schemas";

export type IncidentEvent = "incident.opened" | "incident.escalated" | "incident.reminder" | "incident.unacknowledged" | "incident.resolved";

export interface PlannedIncident {
  id: string;
  status: "open" | "acknowledged" | "resolved";
  severity: "warning" | "critical";
  openedAt: number;
  subject: NotificationSubject;
  /** Channels that must not hear about it (a failing channel about itself). */
  excludeChannelIds?: readonly string[];
}

export interface PlannedRoute {
  id: string;
  channelIds: string[];
  quietHours: QuietHours | null;
  groupWaitSeconds: number;
  groupIntervalSeconds: number;
  repeatIntervalMinutes: number;
  escalateAfterMinutes: number | null;
  escalateChannelIds: string[];
}

export interface RouteState {
  openedNotifiedAt: number | null;
  lastNotifiedAt: number | null;
  notifiedSeverity: string | null;
  escalatedAt: number | null;
  resolvedNotifiedAt: number | null;
  sequence: number;
}

export interface PlannedSend {
  routeId: string;
  event: IncidentEvent;
  channelIds: string[];
  /** Same event, same route, same sequence: the same deliveries however often it is planned. */
  dedupKey: string;
  /** Held until then (quiet hours). */
  notBefore: number | null;
  /** Muted by a silence or maintenance window: recorded (shown as silenced), sent under the same key once it ends. */
  silenced?: boolean;
}

export const emptyState = (): RouteState => ({
  openedNotifiedAt: null,
  lastNotifiedAt: null,
  notifiedSeverity: null,
  escalatedAt: null,
  resolvedNotifiedAt: null,
  sequence: 0,
});

const rank = { warning: 1, critical: 2 } as Record<string, number>;

/**
 * Alertmanager's notification log for one incident on its matched routes: one message when it opens
 * (after group_wait), one when its severity rises (at most every group_interval), a reminder every
 * repeat_interval while it stays open, escalation channels once it is unacknowledged past N minutes,
 * and one when it resolves. A silenced incident sends nothing new: its opening message is recorded as
 * silenced, and its state waits for the silence to end.
 */
export function planIncidentNotifications(options: {
  incident: PlannedIncident;
  routes: readonly PlannedRoute[];
  states: ReadonlyMap<string, RouteState>;
  silenced: boolean;
  now: number;
}): { sends: PlannedSend[]; states: Map<string, RouteState> } {
  const { incident, now } = options;
  const sends: PlannedSend[] = [];
  const states = new Map<string, RouteState>();
  for (const route of options.routes) {
    const before = options.states.get(route.id) ?? emptyState();
    const st: RouteState = { ...before };
    const hold = quietHoursEnd(route.quietHours, now);
    const send = (event: IncidentEvent, targets: string[], quiet = true, silenced = false) => {
      const channelIds = targets.filter((c) => !incident.excludeChannelIds?.includes(c));
      if (channelIds.length === 0) return;
      sends.push({
        routeId: route.id,
        event,
        channelIds,
        dedupKey: `${incident.id}:${route.id}:${event}:${st.sequence}`,
        notBefore: quiet ? hold : null,
        ...(silenced ? { silenced } : {}),
      });
    };
    if (incident.status === "resolved") {
      if (st.openedNotifiedAt !== null && st.resolvedNotifiedAt === null) {
        send("incident.resolved", [...new Set([...route.channelIds, ...(st.escalatedAt !== null ? route.escalateChannelIds : [])])]);
        st.resolvedNotifiedAt = now;
        st.lastNotifiedAt = now;
      }
    } else if (options.silenced) {
      // The opening message it would send now, recorded as silenced; the state does not move, so the
      // same key is planned again, unmuted, when the silence ends and the row is released.
      if (st.openedNotifiedAt === null && now - incident.openedAt >= route.groupWaitSeconds * 1_000) send("incident.opened", route.channelIds, true, true);
    } else {
      if (st.openedNotifiedAt === null) {
        if (now - incident.openedAt >= route.groupWaitSeconds * 1_000) {
          send("incident.opened", route.channelIds);
          Object.assign(st, { openedNotifiedAt: now, lastNotifiedAt: now, notifiedSeverity: incident.severity });
        }
      } else if ((rank[incident.severity] ?? 0) > (rank[st.notifiedSeverity ?? ""] ?? 0)) {
        if (now - (st.lastNotifiedAt ?? 0) >= route.groupIntervalSeconds * 1_000) {
          st.sequence += 1;
          send("incident.escalated", route.channelIds);
          Object.assign(st, { lastNotifiedAt: now, notifiedSeverity: incident.severity });
        }
      } else if (now - (st.lastNotifiedAt ?? 0) >= route.repeatIntervalMinutes * 60_000) {
        st.sequence += 1;
        send("incident.reminder", route.channelIds);
        st.lastNotifiedAt = now;
      }
      const escalateAt = st.openedNotifiedAt !== null && route.escalateAfterMinutes !== null ? st.openedNotifiedAt + route.escalateAfterMinutes * 60_000 : null;
      if (incident.status === "open" && escalateAt !== null && st.escalatedAt === null && now >= escalateAt) {
        // On-call escalation is what quiet hours must not hold back.
        send("incident.unacknowledged", route.escalateChannelIds, false);
        st.escalatedAt = now;
      }
    }
    states.set(route.id, st);
  }
  return { sends, states };
}
