import { describe, expect, it } from "vitest";
import { DomainError } from "../../errors";
import { alertKey, type AlertCandidate } from "../evaluate-sensor-readings";
import type { AlertGroup } from "./alert-group";
import { acknowledgeGroup, autoResolveGroups, resolveGroup } from "./alert-lifecycle";
import { groupAlertCandidates } from "./group-alert-candidates";

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 1);

function candidate(sensorKey: string, detector: AlertCandidate["detector"], minute: number, severity: AlertCandidate["severity"] = "warning"): AlertCandidate {
  const time = T0 + minute * MINUTE;
  const bucketStart = Math.floor(time / (15 * MINUTE)) * 15 * MINUTE;
  return {
    key: alertKey(sensorKey, detector, bucketStart),
    sensorKey,
    detector,
    bucketStart,
    time,
    severity,
    score: 9,
    expected: { low: 0, high: 1, center: 0.5 },
    observed: 5,
    message: "m",
    evidence: { from: time, to: time },
  };
}

describe("grouping alerts into incidents", () => {
  it("turns a storm from one failing sensor into one incident, and other sensors into their own", () => {
    const storm = [
      ...Array.from({ length: 8 }, (_, i) => candidate("s1", "stuck", i * 15)),
      candidate("s1", "gap", 20),
      candidate("s1", "spike", 31),
      candidate("s2", "spike", 5),
    ];
    const { changed, events, assignments } = groupAlertCandidates({ candidates: storm, activeGroups: [] });
    expect(changed).toHaveLength(2);
    expect(events.filter((e) => e.type === "opened")).toHaveLength(2);
    const s1 = changed.find((g) => g.groupingKey === "s1")!;
    expect(s1.alertKeys).toHaveLength(10);
    expect(s1.detectors.sort()).toEqual(["gap", "spike", "stuck"]);
    expect(s1.openedAt).toBe(T0);
    expect(s1.lastSeenAt).toBe(T0 + 105 * MINUTE);
    expect(new Set(assignments.values()).size).toBe(2);
  });

  it("adds to an active incident, and re-processing the same alerts changes nothing", () => {
    const first = groupAlertCandidates({ candidates: [candidate("s1", "stuck", 0)], activeGroups: [] });
    const later = [candidate("s1", "stuck", 20)];
    const second = groupAlertCandidates({ candidates: later, activeGroups: first.changed });
    expect(second.events).toEqual([]);
    expect(second.changed[0].id).toBe(first.changed[0].id);
    expect(second.changed[0].alertKeys).toHaveLength(2);
    const replay = groupAlertCandidates({ candidates: later, activeGroups: second.changed });
    expect(replay.changed).toEqual([]);
    expect(replay.assignments.get(later[0].key)).toBe(first.changed[0].id);
  });

  it("gives the same incident id when the same alerts are grouped again from scratch", () => {
    const alerts = [candidate("s1", "gap", 3), candidate("s1", "stuck", 1)];
    expect(groupAlertCandidates({ candidates: alerts, activeGroups: [] }).changed[0].id).toBe(
      groupAlertCandidates({ candidates: [...alerts].reverse(), activeGroups: [] }).changed[0].id,
    );
  });

  it("escalates on a worse severity and re-opens an acknowledged incident", () => {
    const { changed } = groupAlertCandidates({ candidates: [candidate("s1", "stuck", 0)], activeGroups: [] });
    const acked = acknowledgeGroup(changed[0], { by: "operator@x", at: T0 + MINUTE });
    const worse = groupAlertCandidates({ candidates: [candidate("s1", "gap", 30, "critical")], activeGroups: [acked] });
    expect(worse.changed[0]).toMatchObject({ status: "open", severity: "critical" });
    expect(worse.events).toEqual([{ type: "escalated", groupId: acked.id, from: "warning", to: "critical" }]);
    const same = groupAlertCandidates({ candidates: [candidate("s1", "stuck", 30)], activeGroups: [acked] });
    expect(same.changed[0].status).toBe("acknowledged");
  });

  it("opens a new incident after the previous one was resolved", () => {
    const { changed } = groupAlertCandidates({ candidates: [candidate("s1", "stuck", 0)], activeGroups: [] });
    const resolved = resolveGroup(changed[0], { by: "engineer@x", at: T0 + 5 * MINUTE });
    const next = groupAlertCandidates({ candidates: [candidate("s1", "stuck", 60)], activeGroups: [resolved] });
    expect(next.events.map((e) => e.type)).toEqual(["opened"]);
    expect(next.changed[0].id).not.toBe(resolved.id);
  });

  it("groups by any key, e.g. a region, when asked", () => {
    const region: Record<string, string> = { s1: "north", s2: "north", s3: "south" };
    const { changed } = groupAlertCandidates({
      candidates: [candidate("s1", "gap", 0), candidate("s2", "gap", 0), candidate("s3", "gap", 0)],
      activeGroups: [],
      groupingKeyOf: (c) => region[c.sensorKey],
    });
    expect(changed.map((g) => [g.groupingKey, g.alertKeys.length]).sort()).toEqual([
      ["north", 2],
      ["south", 1],
    ]);
  });
});

describe("incident lifecycle", () => {
  const open = (): AlertGroup => groupAlertCandidates({ candidates: [candidate("s1", "stuck", 0)], activeGroups: [] }).changed[0];

  it("moves open → acknowledged → resolved, recording who and when", () => {
    const acked = acknowledgeGroup(open(), { by: "op", at: T0 + 1 });
    expect(acked).toMatchObject({ status: "acknowledged", acknowledgedBy: "op", acknowledgedAt: T0 + 1 });
    const resolved = resolveGroup(acked, { by: "eng", at: T0 + 2 });
    expect(resolved).toMatchObject({ status: "resolved", resolvedBy: "eng", resolvedAt: T0 + 2, resolution: "manual" });
  });

  it("allows resolving straight from open, and refuses anything after resolved", () => {
    const resolved = resolveGroup(open(), { by: "eng", at: T0 });
    expect(() => acknowledgeGroup(resolved, { by: "op", at: T0 })).toThrow(DomainError);
    expect(() => resolveGroup(resolved, { by: "op", at: T0 })).toThrow(/cannot become resolved/);
    expect(() => acknowledgeGroup(acknowledgeGroup(open(), { by: "a", at: T0 }), { by: "b", at: T0 })).toThrow(DomainError);
  });

  it("auto-resolves incidents quiet for the quiet period, and only those", () => {
    const quiet = open();
    const busy = { ...open(), id: "busy", lastSeenAt: T0 + 50 * MINUTE };
    const acked = acknowledgeGroup({ ...open(), id: "acked" }, { by: "op", at: T0 });
    const done = resolveGroup({ ...open(), id: "done" }, { by: "op", at: T0 });
    const { resolved, events } = autoResolveGroups([quiet, busy, acked, done], { now: T0 + 60 * MINUTE, quietMs: 30 * MINUTE });
    expect(resolved.map((g) => g.id).sort()).toEqual(["acked", quiet.id].sort());
    expect(resolved.every((g) => g.resolution === "auto" && g.resolvedBy === null && g.resolvedAt === T0 + 60 * MINUTE)).toBe(true);
    expect(events).toHaveLength(2);
  });
});
