import { describe, expect, it } from "vitest";
import { diffFields, formatJobsConfigPlan, planJobsConfig } from "./plan-jobs-config";
import type { JobDefinitionFields } from "./schemas";

const base: JobDefinitionFields = {
  name: "scan north",
  kind: "anomaly-scan",
  enabled: true,
  priority: "P1",
  complexity: "simple",
  schedule: { type: "interval", everyMs: 30_000 },
  timeoutMs: 600_000,
  maxAttempts: null,
  scopeWeight: 1,
  deadlineMs: null,
  params: { region: "north", config: { defaults: { spike: { threshold: 7 } } } },
};

describe("planJobsConfig", () => {
  it("creates, updates field by field, leaves equal ones and keeps unnamed ones without prune", () => {
    const current = [
      { id: "a", fields: base },
      { id: "b", fields: { ...base, name: "kept" } },
      { id: "c", fields: { ...base, name: "same" } },
    ];
    const desired: JobDefinitionFields[] = [
      { ...base, priority: "P2", params: { region: "south", config: { defaults: { spike: { threshold: 9 } } } } },
      { ...base, name: "same", params: { config: { defaults: { spike: { threshold: 7 } } }, region: "north" } },
      { ...base, name: "new one", schedule: { type: "cron", cron: "*/5 * * * *", timeZone: "UTC" } },
    ];
    const plan = planJobsConfig(current, desired, { prune: false });
    expect(plan.counts).toEqual({ create: 1, update: 1, unchanged: 1, delete: 0 });
    expect(plan.notInFile).toEqual(["kept"]);
    expect(plan.changes.map((c) => [c.action, c.name])).toEqual([
      ["create", "new one"],
      ["unchanged", "same"],
      ["update", "scan north"],
    ]);
    const update = plan.changes.find((c) => c.action === "update");
    expect(update && update.action === "update" && update.changes).toEqual([
      { path: "priority", before: "P1", after: "P2" },
      { path: "params.config.defaults.spike.threshold", before: 7, after: 9 },
      { path: "params.region", before: "north", after: "south" },
    ]);
  });

  it("deletes what the file does not name only with prune", () => {
    const plan = planJobsConfig([{ id: "a", fields: base }], [], { prune: true });
    expect(plan.changes).toEqual([{ action: "delete", name: "scan north", id: "a" }]);
    expect(plan.notInFile).toEqual([]);
  });

  it("reports a schedule of another type as one change, and a parameter that appears or goes", () => {
    const desired = {
      ...base,
      schedule: { type: "none" as const },
      params: { region: "north", config: { defaults: { spike: { threshold: 7 } } }, quantity: "flow" },
    };
    const plan = planJobsConfig([{ id: "a", fields: base }], [desired], { prune: false });
    const change = plan.changes[0];
    expect(change.action === "update" && change.changes).toEqual([
      { path: "schedule", before: { type: "interval", everyMs: 30_000 }, after: { type: "none" } },
      { path: "params.quantity", before: null, after: "flow" },
    ]);
    expect(formatJobsConfigPlan(plan)).toBe(
      '~ update scan north\n    schedule: {"type":"interval","everyMs":30000} → {"type":"none"}\n    params.quantity: null → "flow"\n0 to create, 1 to update, 0 unchanged, 0 to delete\n',
    );
  });

  it("compares arrays whole and in order", () => {
    expect(diffFields({ a: [1, 2] }, { a: [2, 1] })).toEqual([{ path: "a", before: [1, 2], after: [2, 1] }]);
    expect(diffFields({ a: [1, { x: 1, y: 2 }] }, { a: [1, { y: 2, x: 1 }] })).toEqual([]);
  });
});
