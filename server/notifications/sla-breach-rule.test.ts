import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { operationalConditions, SLA_BREACH_WINDOW_MS } from "./operational-conditions";

// Far in the future, so no minute written by a real worker falls in the rule's window.
const now = Date.UTC(2101, 0, 1, 12, 0, 0);
const workerId = `sla-rule-${randomUUID().slice(0, 8)}`;

async function minutes(priority: string, rows: Array<{ ago: number; completed: number; failed?: number; slaBreaches: number }>) {
  await db.jobMetricMinute.createMany({
    data: rows.map((r, i) => ({
      minute: new Date(now - r.ago),
      workerId,
      queue: "jobs",
      priority,
      kind: `kind-${i}`,
      completed: r.completed,
      failed: r.failed ?? 0,
      records: 0,
      slaBreaches: r.slaBreaches,
      waitBuckets: [],
      runBuckets: [],
    })),
  });
}
const slaConditions = async () => (await operationalConditions(db, now)).filter((c) => c.kind === "sla_breach_rate");

describe("operational rule: SLA breaches per priority above a rate", () => {
  afterAll(async () => {
    await db.jobMetricMinute.deleteMany({ where: { workerId } });
    await db.$disconnect();
  });

  it("fires per priority only above the rate, with enough breaches, within the window", async () => {
    // P2: 8 of 40 runs late (20 %) over two minutes and two workers' kinds: fires.
    await minutes("P2", [
      { ago: 60_000, completed: 20, slaBreaches: 5 },
      { ago: 5 * 60_000, completed: 18, failed: 2, slaBreaches: 3 },
    ]);
    // P3: 6 of 100 late (6 %): under the rate.
    await minutes("P3", [{ ago: 60_000, completed: 100, slaBreaches: 6 }]);
    // P4: 3 of 3 late: a high rate but too few to mean anything.
    await minutes("P4", [{ ago: 60_000, completed: 3, slaBreaches: 3 }]);
    // P1: 50 late, but before the window, and some after `now` (not yet happened for this evaluation).
    await minutes("P1", [
      { ago: SLA_BREACH_WINDOW_MS + 60_000, completed: 50, slaBreaches: 50 },
      { ago: -60_000, completed: 50, slaBreaches: 50 },
    ]);
    // P0 late at all is critical.
    await minutes("P0", [{ ago: 2 * 60_000, completed: 10, slaBreaches: 5 }]);

    const fired = await slaConditions();
    expect(fired.map((c) => c.subjectKey).sort()).toEqual(["P0", "P2"]);
    const p2 = fired.find((c) => c.subjectKey === "P2")!;
    expect(p2).toMatchObject({
      id: "op:sla_breach_rate:P2",
      severity: "warning",
      details: { priority: "P2", breaches: 8, runs: 40, rate: 0.2, windowMinutes: 15 },
    });
    expect(p2.title).toContain("20 %");
    expect(fired.find((c) => c.subjectKey === "P0")!.severity).toBe("critical");
  });

  it("clears once the late runs fall below the rate", async () => {
    // Many on-time P2 runs later: 8 of 200 is 4 %.
    await minutes("P2", [{ ago: 30_000, completed: 160, slaBreaches: 0 }]);
    expect((await slaConditions()).map((c) => c.subjectKey)).toEqual(["P0"]);
  });
});
