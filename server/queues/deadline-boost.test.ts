import { describe, expect, it } from "vitest";
import { isCompletionSlaBreach } from "./completion-slas";
import { boostedBullPriority, deadlineClass } from "./deadline-boost";
import { scopeOfRun } from "./fair-scope";
import { agedBullPriority, PRIORITY_BAND, priorityClasses } from "./priority-classes";

const now = Date.UTC(2026, 11, 3, 12);
const at = (p: "P1" | "P2" | "P3" | "P4", round = 0) => priorityClasses[p].bullPriority + round;

describe("deadline boost", () => {
  it("moves a P3 due in 2 minutes to the front of P2, ahead of a fresh P2", () => {
    const run = { bullPriority: at("P3", 17), deadlineAt: now + 2 * 60_000, complexity: "simple" as const };
    expect(deadlineClass(run, now)).toBe("P2");
    const boosted = boostedBullPriority(run, now)!;
    // A fresh P2 is at its band's start plus its scope's round, never before the band's start.
    expect(boosted).toBe(at("P2"));
    expect(boosted).toBeLessThanOrEqual(at("P2", 0));
  });

  it("moves up as the deadline nears: P3 at 20 min, P2 at 4 min, P1 under a minute", () => {
    const run = (leftMs: number) => ({ bullPriority: at("P4", 5), deadlineAt: now + leftMs, complexity: "simple" as const });
    expect(deadlineClass(run(2 * 3_600_000), now)).toBeNull();
    expect(deadlineClass(run(20 * 60_000), now)).toBe("P3");
    expect(deadlineClass(run(4 * 60_000), now)).toBe("P2");
    expect(deadlineClass(run(50_000), now)).toBe("P1");
    // Overdue: as urgent as it gets, still P1 (P0 is its own queue).
    expect(deadlineClass(run(-60_000), now)).toBe("P1");
  });

  it("leaves the run's expected run time out of its slack: a complex run is boosted ten minutes sooner", () => {
    const simple = { bullPriority: at("P3"), deadlineAt: now + 12 * 60_000, complexity: "simple" as const };
    expect(deadlineClass(simple, now)).toBeNull();
    expect(deadlineClass({ ...simple, complexity: "complex" }, now)).toBe("P2");
  });

  it("never lowers a run, nor moves one already in its class", () => {
    expect(deadlineClass({ bullPriority: at("P1", 3), deadlineAt: now + 4 * 60_000, complexity: "simple" }, now)).toBeNull();
    expect(boostedBullPriority({ bullPriority: at("P2", 9), deadlineAt: now + 4 * 60_000, complexity: "simple" }, now)).toBeNull();
    expect(boostedBullPriority({ bullPriority: at("P1"), deadlineAt: now - 1, complexity: "complex" }, now)).toBeNull();
  });
});

describe("priority bands", () => {
  it("fit five classes with a full band each under BullMQ's limit, in class order", () => {
    expect(at("P4", PRIORITY_BAND - 1)).toBeLessThan(2 ** 21 - 1);
    const starts = (["P1", "P2", "P3", "P4"] as const).map((p) => at(p));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it("ages a job one band per step and keeps its round", () => {
    expect(agedBullPriority(at("P4", 42), 0)).toBe(at("P4", 42));
    expect(agedBullPriority(at("P4", 42), 10 * 60_000)).toBe(at("P3", 42));
    expect(agedBullPriority(at("P4", 42), 10 * 3_600_000)).toBe(at("P1", 42));
  });
});

describe("fair-share scope", () => {
  it("is the site, else the region, else the definition, else the kind", () => {
    expect(scopeOfRun({ kind: "anomaly-scan", params: { site: "ridge", region: "north" }, definitionId: "d1" })).toBe("site:ridge");
    expect(scopeOfRun({ kind: "anomaly-scan", params: { region: "north" }, definitionId: "d1" })).toBe("region:north");
    expect(scopeOfRun({ kind: "anomaly-scan", params: {}, definitionId: "d1" })).toBe("definition:d1");
    expect(scopeOfRun({ kind: "anomaly-scan", params: { region: 7 } })).toBe("kind:anomaly-scan");
  });

  it("bounds a hostile scope's length", () => {
    expect(scopeOfRun({ kind: "x", params: { region: "r".repeat(10_000) } })).toHaveLength(200);
  });
});

describe("completion SLAs", () => {
  it("simple < 1 s, moderate < 30 s, complex < 10 min", () => {
    expect([isCompletionSlaBreach("simple", 1_000), isCompletionSlaBreach("simple", 1_001)]).toEqual([false, true]);
    expect([isCompletionSlaBreach("moderate", 30_000), isCompletionSlaBreach("moderate", 30_001)]).toEqual([false, true]);
    expect([isCompletionSlaBreach("complex", 600_000), isCompletionSlaBreach("complex", 600_001)]).toEqual([false, true]);
  });
});
