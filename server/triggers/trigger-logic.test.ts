import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineKind } from "../runs/job-kind";
import { isWellFormedTemplate, renderConcurrencyKey, templateFields } from "./concurrency-key";
import { decideFiring, type FiringState } from "./decide-firing";
import { checkTriggerParams, mapTriggerParams, mappingIssues } from "./map-trigger-params";
import { eventMatchesFilter } from "./match-trigger-event";
import { triggerFields } from "./schemas";
import { sampleEventFields } from "./trigger-events";

const T0 = new Date("2026-12-03T12:00:00Z");
const state = (over: Partial<FiringState> = {}): FiringState => ({
  debounceSeconds: 0,
  maxConcurrent: null,
  overflow: "queue",
  lastFiredAt: null,
  inFlight: 0,
  waiting: 0,
  now: T0,
  ...over,
});
const ago = (s: number) => new Date(T0.getTime() - s * 1000);

const sleepKind = defineKind({
  title: "t",
  description: "d",
  params: z.object({ ms: z.number().int().min(0).max(1000), label: z.string().max(10).default("x") }).strict(),
  run: async () => {},
});

describe("which events a trigger takes (filters)", () => {
  const incident = { ...sampleEventFields["incident.opened"], severity: "warning", region: "north", sensorKey: "mast-7/ws" };
  it("passes everything with an empty filter and checks every given key", () => {
    expect(eventMatchesFilter("incident.opened", {}, incident)).toBe(true);
    expect(eventMatchesFilter("incident.opened", { region: "north" }, incident)).toBe(true);
    expect(eventMatchesFilter("incident.opened", { region: "south" }, incident)).toBe(false);
    expect(eventMatchesFilter("incident.opened", { region: "north", infraType: "solar" }, { ...incident, infraType: "wind" })).toBe(false);
  });
  it("reads minSeverity as at least that severity", () => {
    expect(eventMatchesFilter("incident.opened", { minSeverity: "warning" }, incident)).toBe(true);
    expect(eventMatchesFilter("incident.opened", { minSeverity: "critical" }, incident)).toBe(false);
    expect(eventMatchesFilter("incident.opened", { minSeverity: "critical" }, { ...incident, severity: "critical" })).toBe(true);
    expect(
      eventMatchesFilter("incident.opened", { minSeverity: "catastrophic" }, { ...incident, severity: "critical" }),
      "an unknown level matches nothing",
    ).toBe(false);
  });
  it("matches a sensor key by prefix and a run's job kind exactly", () => {
    expect(eventMatchesFilter("incident.opened", { sensorKeyPrefix: "mast-7/" }, incident)).toBe(true);
    expect(eventMatchesFilter("incident.opened", { sensorKeyPrefix: "mast-8/" }, incident)).toBe(false);
    expect(eventMatchesFilter("run.dead_lettered", { kind: "report" }, { ...sampleEventFields["run.dead_lettered"], kind: "report" })).toBe(true);
    expect(eventMatchesFilter("run.dead_lettered", { kind: "report" }, { ...sampleEventFields["run.dead_lettered"], kind: "report-rollup" })).toBe(false);
  });
});

describe("concurrency keys", () => {
  it("fills {field} placeholders from the event, a missing or null field by nothing", () => {
    expect(renderConcurrencyKey("{region}/{sensorKey}", { region: "north", sensorKey: "m1" })).toBe("north/m1");
    expect(renderConcurrencyKey("{region}", { region: null })).toBe("");
    expect(renderConcurrencyKey("", { region: "north" })).toBe("");
    expect(renderConcurrencyKey("{ids}", { ids: ["a", "b"] })).toBe('["a","b"]');
    expect(renderConcurrencyKey("{x}", { x: "y".repeat(500) })).toHaveLength(200);
  });
  it("knows a template's fields and refuses stray braces", () => {
    expect(templateFields("{a}-{b_2}")).toEqual(["a", "b_2"]);
    expect(isWellFormedTemplate("site-{a}")).toBe(true);
    expect(isWellFormedTemplate("{a")).toBe(false);
    expect(isWellFormedTemplate("{a b}")).toBe(false);
    expect(isWellFormedTemplate("}{")).toBe(false);
  });
});

describe("debounce and concurrency decisions", () => {
  it("starts when nothing holds it", () => {
    expect(decideFiring(state())).toEqual({ outcome: "started" });
  });
  it("debounces on the leading edge: within the window of the last firing, not after it", () => {
    expect(decideFiring(state({ debounceSeconds: 60, lastFiredAt: ago(59) })).outcome).toBe("debounced");
    expect(decideFiring(state({ debounceSeconds: 60, lastFiredAt: ago(60) })).outcome).toBe("started");
    expect(decideFiring(state({ debounceSeconds: 0, lastFiredAt: ago(0) })).outcome).toBe("started");
  });
  it("holds or drops at the concurrency limit, and queues behind others already waiting", () => {
    expect(decideFiring(state({ maxConcurrent: 2, inFlight: 1 })).outcome).toBe("started");
    expect(decideFiring(state({ maxConcurrent: 2, inFlight: 2 }))).toMatchObject({ outcome: "waiting", reason: "2 of at most 2 runs in flight" });
    expect(decideFiring(state({ maxConcurrent: 2, inFlight: 2, overflow: "drop" })).outcome).toBe("dropped");
    expect(decideFiring(state({ maxConcurrent: 2, inFlight: 0, waiting: 1 })).outcome, "arrival order is kept").toBe("waiting");
    expect(decideFiring(state({ maxConcurrent: null, inFlight: 50 })).outcome).toBe("started");
  });
  it("debounce is judged before the limit", () => {
    expect(decideFiring(state({ debounceSeconds: 10, lastFiredAt: ago(1), maxConcurrent: 1, inFlight: 1, overflow: "drop" })).outcome).toBe("debounced");
  });
});

describe("parameter mapping", () => {
  it("lays the event's fields over the definition's parameters", () => {
    expect(mapTriggerParams({ ms: 5, label: "a" }, { ms: "rows" }, { rows: 48 })).toEqual({ ms: 48, label: "a" });
    expect(mapTriggerParams({ ms: 5 }, { ms: "absent" }, {}), "a missing field leaves the parameter").toEqual({ ms: 5 });
  });
  it("judges the result with the kind's schema, naming the parameter", () => {
    expect(checkTriggerParams(sleepKind, { ms: 10 })).toEqual({ ok: true, params: { ms: 10 } });
    const bad = checkTriggerParams(sleepKind, { ms: 5000 });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.reason).toMatch(/^ms: /);
  });
  it("at save time refuses an undeclared parameter and a field of the wrong type, not a value that may fit later", () => {
    const base = { ms: 5 };
    expect(mappingIssues(sleepKind, { base, paramMap: { delay: "rows" }, sample: sampleEventFields["import.finished"] })[0]).toMatchObject({
      path: "paramMap.delay",
    });
    expect(mappingIssues(sleepKind, { base, paramMap: { ms: "fileName" }, sample: sampleEventFields["import.finished"] })[0]).toMatchObject({
      path: "paramMap.ms",
    });
    expect(mappingIssues(sleepKind, { base, paramMap: { ms: "rows" }, sample: sampleEventFields["import.finished"] })).toEqual([]);
    // A label longer than 10 characters fails at fire time, but the field's type fits: accepted now.
    expect(
      mappingIssues(sleepKind, { base, paramMap: { label: "lastError" }, sample: { ...sampleEventFields["run.failed"], lastError: "a long error text" } }),
    ).toEqual([]);
    expect(mappingIssues(sleepKind, { base, paramMap: { ms: "anything" }, sample: null }), "HTTP: only names are known").toEqual([]);
  });
});

describe("the trigger schema (console and jobs file)", () => {
  const ok = { name: "on import", event: "import.finished" };
  const issues = (input: unknown) => {
    const parsed = triggerFields.safeParse(input);
    return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  };
  it("fills defaults", () => {
    expect(triggerFields.parse(ok)).toEqual({
      ...ok,
      filter: {},
      paramMap: {},
      debounceSeconds: 0,
      concurrencyKey: "",
      maxConcurrent: null,
      overflow: "queue",
      enabled: true,
    });
  });
  it("refuses what it cannot act on, naming the field", () => {
    expect(issues({ ...ok, event: "sensor.exploded" })[0]).toMatch(/^event:/);
    expect(issues({ ...ok, filter: { color: "red" } })[0]).toMatch(/^filter/);
    expect(issues({ ...ok, event: "incident.opened", filter: { minSeverity: "apocalyptic" } })[0]).toMatch(/^filter\.minSeverity/);
    expect(issues({ ...ok, paramMap: { ms: "nosuchfield" } })[0]).toMatch(/^paramMap\.ms: import\.finished has no field "nosuchfield"/);
    expect(issues({ ...ok, paramMap: { "m s": "rows" } })[0]).toMatch(/^paramMap/);
    expect(issues({ ...ok, concurrencyKey: "{nope}" })[0]).toMatch(/^concurrencyKey: import\.finished has no field "nope"/);
    expect(issues({ ...ok, concurrencyKey: "{loggerId" })[0]).toMatch(/^concurrencyKey: braces/);
    expect(issues({ ...ok, maxConcurrent: 0 })[0]).toMatch(/^maxConcurrent/);
    expect(issues({ ...ok, debounceSeconds: -1 })[0]).toMatch(/^debounceSeconds/);
    expect(issues({ ...ok, debounceSeconds: 1.5 })[0]).toMatch(/^debounceSeconds/);
    expect(issues({ ...ok, name: "x".repeat(101) })[0]).toMatch(/^name/);
    expect(issues({ ...ok, tokenHash: "abc" })[0], "unknown keys refused").toMatch(/tokenHash/);
    expect(issues({ ...ok, paramMap: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`p${i}`, "rows"])) })[0]).toMatch(/at most 32/);
  });
  it("lets HTTP triggers map any well-formed body field", () => {
    expect(issues({ name: "h", event: "http", paramMap: { ms: "delay" }, concurrencyKey: "{site}" })).toEqual([]);
    expect(issues({ name: "h", event: "http", filter: { region: "x" } })[0]).toMatch(/^filter/);
  });
});
