import { describe, expect, it } from "vitest";
import { signAckToken, verifyAckToken } from "./ack-links";
import { activeSilence, silenceActiveAt } from "./active-silence";
import { openSecret, sealSecret } from "./channel-secrets";
import { matchSubject, type NotificationSubject } from "./match-subject";
import { emptyState, planIncidentNotifications, type PlannedIncident, type PlannedRoute, type RouteState } from "./plan-incident-notifications";
import { quietHoursEnd } from "./quiet-hours-end";
import { renderSlackMessage } from "./render-slack-message";
import { renderTeamsMessage } from "./render-teams-message";
import { routeSubject } from "./route-subject";
import { createSilenceInput, saveRouteInput } from "./schemas";
import type { NotificationMessage } from "./notification-message";

const subject: NotificationSubject = {
  kind: "anomaly",
  severity: "critical",
  region: "north",
  infraType: "wind_mast",
  site: "mast-7",
  sensorKey: "ws-1",
  quantity: "wind_speed",
  detectors: ["spike", "threshold"],
};
const route = (id: string, position: number, matchers: object, cont = false) => ({ id, position, enabled: true, matchers, continue: cont });
const T0 = Date.UTC(2026, 5, 1, 12, 0, 0);

describe("matching and routing", () => {
  it("needs every matcher key to hold, any value within a key, any detector", () => {
    expect(matchSubject({}, subject)).toBe(true);
    expect(matchSubject({ region: ["south", "north"], severity: ["critical"] }, subject)).toBe(true);
    expect(matchSubject({ region: ["north"], site: ["mast-8"] }, subject)).toBe(false);
    expect(matchSubject({ detector: ["stuck", "spike"] }, subject)).toBe(true);
    expect(matchSubject({ detector: ["stuck"] }, subject)).toBe(false);
    expect(matchSubject({ kind: ["worker_lost"] }, subject)).toBe(false);
    expect(matchSubject({ site: ["x"] }, { ...subject, site: null })).toBe(false);
  });

  it("walks routes top-down, continuing only where a route says so", () => {
    const routes = [
      route("c", 3, {}),
      route("a", 1, { region: ["north"] }, true),
      route("b", 2, { severity: ["critical"] }),
      route("z", 0, { region: ["south"] }),
    ];
    expect(routeSubject(routes, subject).map((r) => r.id)).toEqual(["a", "b"]);
    expect(routeSubject(routes, { ...subject, severity: "warning" }).map((r) => r.id)).toEqual(["a", "c"]);
    expect(routeSubject([{ ...route("a", 0, {}), enabled: false }], subject)).toEqual([]);
  });
});

describe("quiet hours", () => {
  it("holds inside a window that crosses midnight in its own time zone, until its local end", () => {
    const quiet = { start: "22:00", end: "06:00", timeZone: "Europe/Berlin" };
    // 21:30 UTC = 23:30 in Berlin (summer time, UTC+2): quiet until 06:00 Berlin = 04:00 UTC next day.
    expect(quietHoursEnd(quiet, Date.UTC(2026, 5, 1, 21, 30))).toBe(Date.UTC(2026, 5, 2, 4, 0));
    expect(quietHoursEnd(quiet, Date.UTC(2026, 5, 2, 3, 0))).toBe(Date.UTC(2026, 5, 2, 4, 0));
    expect(quietHoursEnd(quiet, Date.UTC(2026, 5, 2, 4, 0))).toBeNull();
    expect(quietHoursEnd(quiet, Date.UTC(2026, 5, 1, 12, 0))).toBeNull();
    expect(quietHoursEnd({ start: "09:00", end: "17:00", timeZone: "UTC" }, Date.UTC(2026, 5, 1, 12, 0))).toBe(Date.UTC(2026, 5, 1, 17, 0));
    expect(quietHoursEnd(null, T0)).toBeNull();
  });
});

describe("silences and maintenance windows", () => {
  const base = { id: "s", matchers: { site: ["mast-7"] }, startsAt: new Date(Date.UTC(2026, 0, 1)), endsAt: new Date(Date.UTC(2027, 0, 1)) };
  it("a one-off silence mutes its matches between start and end only", () => {
    expect(activeSilence([base], subject, T0)?.id).toBe("s");
    expect(activeSilence([base], { ...subject, site: "mast-8" }, T0)).toBeUndefined();
    expect(silenceActiveAt(base, Date.UTC(2027, 0, 1))).toBe(false);
  });
  it("a recurring window mutes for its duration after each occurrence, in its time zone", () => {
    // Every Tuesday 02:00–04:00 in New York (EDT, UTC−4 in June). 2 June 2026 is a Tuesday.
    const weekly = { ...base, recurrenceCron: "0 2 * * 2", durationMinutes: 120, timeZone: "America/New_York" };
    expect(silenceActiveAt(weekly, Date.UTC(2026, 5, 2, 6, 0))).toBe(true);
    expect(silenceActiveAt(weekly, Date.UTC(2026, 5, 2, 7, 59))).toBe(true);
    expect(silenceActiveAt(weekly, Date.UTC(2026, 5, 2, 8, 0))).toBe(false);
    expect(silenceActiveAt(weekly, Date.UTC(2026, 5, 3, 6, 30))).toBe(false);
  });
  it("refuses a silence without matchers and a recurring one without duration or zone", () => {
    expect(createSilenceInput.safeParse({ matchers: {}, endsAt: new Date(), comment: "x" }).success).toBe(false);
    expect(createSilenceInput.safeParse({ matchers: { site: ["a"] }, endsAt: new Date(), comment: "x", recurrenceCron: "0 2 * * 2" }).success).toBe(false);
    expect(
      createSilenceInput.safeParse({
        matchers: { site: ["a"] },
        endsAt: new Date(),
        comment: "x",
        recurrenceCron: "0 2 * * 2",
        durationMinutes: 60,
        timeZone: "Mars/Olympus",
      }).success,
    ).toBe(false);
  });
});

describe("planIncidentNotifications (Alertmanager's notification log)", () => {
  const r: PlannedRoute = {
    id: "r",
    channelIds: ["mail"],
    quietHours: null,
    groupWaitSeconds: 30,
    groupIntervalSeconds: 300,
    repeatIntervalMinutes: 60,
    escalateAfterMinutes: 15,
    escalateChannelIds: ["pager"],
  };
  const incident: PlannedIncident = { id: "i", status: "open", severity: "warning", openedAt: T0, subject };
  const step = (states: Map<string, RouteState>, now: number, over: Partial<PlannedIncident> = {}, route = r, silenced = false) =>
    planIncidentNotifications({ incident: { ...incident, ...over }, routes: [route], states, silenced, now });

  it("waits group_wait, sends opened once, a reminder per repeat_interval, escalated when severity rises, resolved once", () => {
    expect(step(new Map(), T0 + 10_000).sends).toEqual([]);
    const opened = step(new Map(), T0 + 30_000);
    expect(opened.sends.map((s) => [s.event, s.channelIds])).toEqual([["incident.opened", ["mail"]]]);
    expect(step(opened.states, T0 + 60_000, { status: "acknowledged" }).sends).toEqual([]);
    const critical = step(opened.states, T0 + 60_000, { severity: "critical", status: "acknowledged" });
    expect(critical.sends).toEqual([]); // within group_interval
    const escalated = step(opened.states, T0 + 330_000, { severity: "critical", status: "acknowledged" });
    expect(escalated.sends.map((s) => s.event)).toEqual(["incident.escalated"]);
    const reminder = step(escalated.states, T0 + 330_000 + 3_600_000, { severity: "critical", status: "acknowledged" });
    expect(reminder.sends.map((s) => s.event)).toEqual(["incident.reminder"]);
    expect(new Set([opened, escalated, reminder].map((p) => p.sends[0].dedupKey)).size).toBe(3);
    const resolved = step(reminder.states, T0 + 7_200_000, { status: "resolved" });
    expect(resolved.sends.map((s) => s.event)).toEqual(["incident.resolved"]);
    expect(step(resolved.states, T0 + 7_300_000, { status: "resolved" }).sends).toEqual([]);
  });

  it("escalates an unacknowledged incident after N minutes, ignoring quiet hours, and never an acknowledged one", () => {
    const opened = step(new Map(), T0 + 30_000);
    expect(step(opened.states, T0 + 30_000 + 14 * 60_000).sends).toEqual([]);
    const late = step(opened.states, T0 + 30_000 + 15 * 60_000, {}, { ...r, quietHours: { start: "00:00", end: "23:59", timeZone: "UTC" } });
    expect(late.sends.map((s) => [s.event, s.channelIds, s.notBefore])).toEqual([["incident.unacknowledged", ["pager"], null]]);
    expect(step(late.states, T0 + 40 * 60_000).sends.filter((s) => s.event === "incident.unacknowledged")).toEqual([]);
    expect(step(opened.states, T0 + 30_000 + 15 * 60_000, { status: "acknowledged" }).sends).toEqual([]);
    expect(step(late.states, T0 + 50 * 60_000, { status: "resolved" }).sends[0].channelIds).toEqual(["mail", "pager"]);
  });

  it("holds the route's messages through quiet hours, and a silenced incident records its opening as silenced, sent under the same key when the silence ends", () => {
    const quiet = step(new Map(), T0 + 30_000, {}, { ...r, quietHours: { start: "11:00", end: "13:00", timeZone: "UTC" } });
    expect(quiet.sends[0].notBefore).toBe(Date.UTC(2026, 5, 1, 13, 0));
    const silenced = step(new Map(), T0 + 30_000, {}, r, true);
    expect(silenced.sends.map((s) => [s.event, s.silenced])).toEqual([["incident.opened", true]]);
    expect(silenced.states.get("r")).toEqual(emptyState());
    const released = step(silenced.states, T0 + 90_000);
    expect(released.sends.map((s) => [s.event, s.silenced ?? false])).toEqual([["incident.opened", false]]);
    expect(released.sends[0].dedupKey).toBe(silenced.sends[0].dedupKey);
    // Muted while open, but past its opening (already announced): nothing new at all.
    expect(step(released.states, T0 + 120_000, {}, r, true).sends).toEqual([]);
  });

  it("leaves out channels an incident excludes (a failing channel about itself)", () => {
    const plan = planIncidentNotifications({
      incident: { ...incident, excludeChannelIds: ["mail"] },
      routes: [{ ...r, channelIds: ["mail", "chat"] }],
      states: new Map(),
      silenced: false,
      now: T0 + 60_000,
    });
    expect(plan.sends[0].channelIds).toEqual(["chat"]);
  });
});

describe("secrets and signed links", () => {
  it("seals a channel secret so only the same channel opens it, and a tampered one fails", () => {
    const sealed = sealSecret({ url: "https://hooks.example/T0/secret-token" }, "nch_a");
    expect(sealed).not.toContain("secret-token");
    expect(openSecret(sealed, "nch_a")).toEqual({ url: "https://hooks.example/T0/secret-token" });
    expect(() => openSecret(sealed, "nch_b")).toThrow();
    const parts = sealed.split(".");
    parts[3] = Buffer.from("x" + Buffer.from(parts[3], "base64url").toString("latin1")).toString("base64url");
    expect(() => openSecret(parts.join("."), "nch_a")).toThrow();
  });
  it("accepts its own unexpired acknowledge token and refuses tampered, foreign, malformed and expired ones", () => {
    const token = signAckToken({ i: "inc_1", e: T0 + 1000 });
    expect(verifyAckToken(token, T0)).toEqual({ ok: true, claims: { i: "inc_1", e: T0 + 1000 } });
    expect(verifyAckToken(token, T0 + 2000)).toMatchObject({ ok: false, reason: "expired" });
    const other = Buffer.from(JSON.stringify({ i: "inc_2", e: T0 + 1000 })).toString("base64url");
    expect(verifyAckToken(`${other}.${token.split(".")[1]}`, T0)).toMatchObject({ ok: false, reason: "bad-signature" });
    for (const junk of ["", ".", "a.b.c", "%%%.%%%", "x".repeat(3000)]) expect(verifyAckToken(junk, T0).ok).toBe(false);
  });
});

describe("hostile input at the boundary", () => {
  it("refuses routes that name no channel or escalate nowhere, and matcher keys it does not know", () => {
    expect(saveRouteInput.safeParse({ name: "r", position: 0, channelIds: [] }).success).toBe(false);
    expect(saveRouteInput.safeParse({ name: "r", position: 0, channelIds: ["a"], escalateAfterMinutes: 5 }).success).toBe(false);
    expect(saveRouteInput.safeParse({ name: "r", position: 0, channelIds: ["a"], matchers: { $where: ["1"] } }).success).toBe(false);
    expect(saveRouteInput.safeParse({ name: "r", position: 0, channelIds: ["a"], quietHours: { start: "25:00", end: "06:00", timeZone: "UTC" } }).success).toBe(
      false,
    );
  });
});

describe("chat renderings of one message", () => {
  const message: NotificationMessage = {
    schema: "gristmill.alert.v1",
    event: "incident.opened",
    createdAt: new Date(T0).toISOString(),
    severity: "critical",
    title: "ws-1: above valid range",
    summary: "Critical on ws-1",
    incident: {
      id: "i",
      status: "open",
      sensorKey: "ws-1",
      region: "north",
      infraType: "wind_mast",
      site: "mast-7",
      quantity: "wind_speed",
      detectors: ["threshold"],
      openedAt: "",
      lastSeenAt: "",
      alertCount: 1,
    },
    evidence: {
      detector: "threshold",
      message: "above",
      at: "",
      observed: 99,
      expected: { low: 0, high: 40, center: null },
      score: 3.2,
      window: { from: "", to: "" },
    },
    operational: null,
    links: { console: "http://c", incident: "http://c/i", chart: "http://c/s", acknowledge: "http://c/ack" },
  };
  it("Slack gets the severity colour, the sensor, the evidence and the acknowledge button", () => {
    const slack = JSON.stringify(renderSlackMessage(message));
    expect(slack).toContain('"color":"#d92d20"');
    expect(slack).toContain("ws-1");
    expect(slack).toContain("*Seen*\\n99");
    expect(slack).toContain('"url":"http://c/ack"');
  });
  it("Teams gets an Adaptive Card with the same facts and links", () => {
    const teams = renderTeamsMessage(message) as {
      attachments: Array<{
        contentType: string;
        content: { body: Array<{ type: string; facts?: Array<{ title: string; value: string }> }>; actions: Array<{ url: string }> };
      }>;
    };
    expect(teams.attachments[0].contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(teams.attachments[0].content.body.find((b) => b.type === "FactSet")?.facts).toContainEqual({ title: "Expected", value: "0 – 40" });
    expect(teams.attachments[0].content.actions.map((a) => a.url)).toContain("http://c/ack");
  });
});
