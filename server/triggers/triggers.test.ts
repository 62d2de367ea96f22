import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestUser } from "@/tests/support/users";
import { writeScanAlerts } from "../alerts/write-scan-alerts";
import { alertKey, type AlertCandidate } from "../anomaly/evaluate-sensor-readings";
import { createCaller } from "../api/root";
import type { SessionUser } from "../auth/session";
import { db, inTransaction } from "../db";
import { emitDomainEvent } from "../domain-events/emit-domain-event";
import type { DomainEventPayload } from "../domain-events/domain-event-kinds";
import { createSensorImport } from "../imports/create-sensor-import";
import { runSensorImport } from "../imports/run-sensor-import";
import { influx } from "../influx/influx-client";
import { saveJobDefinition } from "../jobs/save-job-definition";
import { getQueue } from "../queues/queues";
import { closeSharedRedis } from "../redis";
import { buryRun } from "../runs/bury-run";
import { startWaitingFirings } from "./start-waiting-firings";
import { sweepDomainEvents } from "./sweep-domain-events";

const tag = randomUUID().slice(0, 6);
const fixture = (name: string) => readFileSync(path.join(__dirname, "../../tests/fixtures", name)).toString("base64");

let operator: SessionUser;
const asOperator = () => createCaller({ db, user: operator, resHeaders: new Headers() });
const definitions: string[] = [];

async function definition(kind: string, params: Record<string, unknown>) {
  const def = await saveJobDefinition(db, { fields: { name: `test trg ${kind} ${randomUUID().slice(0, 6)}`, kind, params }, changedBy: "test" });
  definitions.push(def.id);
  return def;
}
const runsOf = (definitionId: string) => db.jobRun.findMany({ where: { definitionId }, orderBy: { queuedAt: "asc" } });
const firingsOf = (triggerId: string) => db.jobTriggerFiring.findMany({ where: { triggerId }, orderBy: { createdAt: "asc" } });
/** Sweeps until the outbox has nothing new (other files' events may sit ahead of ours). */
async function sweepAll() {
  let total = 0;
  for (;;) {
    const r = await sweepDomainEvents(db);
    total += r.firings.started;
    if (r.events === 0) return total;
  }
}

const importFinished = (over: Partial<DomainEventPayload<"import.finished">> = {}): DomainEventPayload<"import.finished"> => ({
  importId: `imp_${randomUUID()}`,
  fileName: "f.csv",
  status: "succeeded",
  rows: 10,
  points: 20,
  firstAt: null,
  lastAt: null,
  sensorKeys: [],
  loggerId: null,
  error: null,
  ...over,
});
const emitImport = (payload: DomainEventPayload<"import.finished">) =>
  inTransaction(db, (tx) => emitDomainEvent(tx, { kind: "import.finished", dedupeKey: `import.finished:${payload.importId}:${payload.status}`, payload }));

beforeAll(async () => {
  operator = (await createTestUser("OPERATOR")).user;
  await sweepAll(); // whatever earlier files left in the outbox is not ours to count
});
// Each test's triggers listen only during it: an enabled one would fire on the next test's events too.
afterEach(async () => {
  await db.jobTrigger.updateMany({ where: { definitionId: { in: definitions } }, data: { enabled: false } });
});
afterAll(async () => {
  await sweepAll(); // nothing of ours left open in the outbox for later files
  // The runs these tests queued have no worker here: their jobs leave Redis with their definitions.
  const runs = await db.jobRun.findMany({ where: { definitionId: { in: definitions } }, select: { id: true, queue: true } });
  await Promise.all(runs.map((r) => getQueue(r.queue).remove(r.id)));
  await db.jobDefinition.deleteMany({ where: { id: { in: definitions } } });
  closeSharedRedis();
  await db.$disconnect();
});

describe("triggers on domain events (real PostgreSQL and Redis)", () => {
  it("an import that finishes starts exactly one run with the mapped parameters, and sweeping again (or twice at once) starts none", async () => {
    await influx().query(`CREATE DATABASE "${influx().database}"`);
    const keys = [`trg-${tag}-flow`, `trg-${tag}-pressure`];
    for (const key of keys)
      await db.sensor.upsert({ where: { key }, update: {}, create: { key, name: key, quantity: "q", unit: "u", infraType: "test", region: "r", site: "s" } });
    const def = await definition("sleep", { ms: 5 });
    const { trigger } = await asOperator().triggers.create({
      definitionId: def.id,
      fields: { name: "on import", event: "import.finished", filter: { status: "succeeded" }, paramMap: { ms: "rows" } },
    });

    // The same readings with another unmapped value: imports are deduplicated by content, and the imports suite uses this file too.
    const content = Buffer.from(
      Buffer.from(fixture("logger-water.csv"), "base64").toString().replace("00:00:00,10.00,2.500,0\n", "00:00:00,10.00,2.500,9\n"),
    ).toString("base64");
    expect(content).not.toBe(fixture("logger-water.csv"));
    const created = await createSensorImport(db, {
      fileName: "logger-water.csv",
      contentBase64: content,
      timeZone: "Europe/Berlin",
      columnMap: { "fx-csv-flow": keys[0], "fx-csv-pressure": keys[1], pump_state: null },
    });
    await runSensorImport(db, { importId: created.import.id });
    const event = await db.domainEvent.findFirstOrThrow({ where: { dedupeKey: `import.finished:${created.import.id}:succeeded` } });
    expect(event.payload).toMatchObject({ importId: created.import.id, status: "succeeded", rows: 48, points: 94, sensorKeys: keys });

    expect(await sweepAll()).toBe(1);
    const runs = await runsOf(def.id);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      kind: "sleep",
      params: { ms: 48 },
      trigger: "event",
      triggeredBy: 'trigger "on import" (import.finished)',
      status: "queued",
    });
    expect(await firingsOf(trigger.id)).toMatchObject([{ outcome: "started", runId: runs[0].id, eventId: event.id, params: { ms: 48 } }]);

    expect(await sweepAll()).toBe(0);
    // As if two workers had both missed the commit of the first sweep: the event open again, swept twice at once.
    await db.domainEvent.update({ where: { id: event.id }, data: { processedAt: null } });
    const both = await Promise.all([sweepDomainEvents(db), sweepDomainEvents(db)]);
    expect(both.reduce((n, r) => n + r.firings.started, 0)).toBe(0);
    expect(await runsOf(def.id)).toHaveLength(1);
    expect(await firingsOf(trigger.id)).toHaveLength(1);
  });

  it("an incident opened starts one run per new incident that passes the filter (severity at least, region), keyed by sensor", async () => {
    const def = await definition("sleep", { ms: 5 });
    const region = `trg-${tag}-north`;
    const { trigger } = await asOperator().triggers.create({
      definitionId: def.id,
      fields: { name: "critical north", event: "incident.opened", filter: { minSeverity: "critical", region }, concurrencyKey: "{sensorKey}" },
    });
    const time = Date.now() - 60_000;
    const candidate = (sensorKey: string, severity: AlertCandidate["severity"]): AlertCandidate => ({
      key: alertKey(sensorKey, "spike", time),
      sensorKey,
      detector: "spike",
      bucketStart: time,
      time,
      severity,
      score: 9,
      expected: { low: 0, high: 1, center: 0.5 },
      observed: 5,
      message: "m",
      evidence: { from: time, to: time },
    });
    const [warn, crit, elsewhere] = [`trg-${tag}-a`, `trg-${tag}-b`, `trg-${tag}-c`];
    const labels = new Map([
      [warn, { region }],
      [crit, { region }],
      [elsewhere, { region: "south" }],
    ]);
    await writeScanAlerts(db, { candidates: [candidate(warn, "warning"), candidate(crit, "critical"), candidate(elsewhere, "critical")], labels });
    expect(await sweepAll()).toBe(1);
    const firings = await firingsOf(trigger.id);
    expect(firings).toMatchObject([{ outcome: "started", concurrencyKey: crit, fields: { sensorKey: crit, severity: "critical", region } }]);
    // The same alerts again open nothing new, so nothing fires.
    await writeScanAlerts(db, { candidates: [candidate(crit, "critical")], labels });
    expect(await sweepAll()).toBe(0);
    expect(await runsOf(def.id)).toHaveLength(1);
  });

  it("a dead-lettered run starts its follow-up with the error mapped in, and a trigger on its own runs' deaths stops after a few links", async () => {
    const def = await definition("fail-n-times", { failures: 0 });
    const { trigger } = await asOperator().triggers.create({
      definitionId: def.id,
      fields: { name: "on death", event: "run.dead_lettered", filter: { kind: "fail-n-times" }, paramMap: { message: "errorGroup" } },
    });
    const bury = async (run: { id: string; kind: string; params: unknown; definitionId: string | null }, error: string) =>
      buryRun(db, { run, lastError: error, attempts: 1, writeRow: async () => true });

    const first = await db.jobRun.create({
      data: { id: `run_${randomUUID().replaceAll("-", "")}`, kind: "fail-n-times", params: { failures: 9 }, priority: "P2", queue: "jobs", trigger: "manual" },
    });
    await bury({ ...first, definitionId: null }, "disk full on host 42");
    expect(await sweepAll()).toBe(1);
    const [followUp] = await runsOf(def.id);
    expect(followUp).toMatchObject({ kind: "fail-n-times", params: { failures: 0, message: "disk full on host N" }, trigger: "event" });

    // Each death of a triggered run is one link deeper; past three the chain is dropped, not looped.
    let last = followUp;
    for (let i = 0; i < 3; i++) {
      await bury(last, `again ${i}`);
      expect(await sweepAll()).toBe(1);
      last = (await runsOf(def.id)).at(-1)!;
    }
    await bury(last, "and again");
    expect(await sweepAll()).toBe(0);
    const firings = await firingsOf(trigger.id);
    expect(firings.map((f) => [f.outcome, f.depth])).toEqual([
      ["started", 0],
      ["started", 1],
      ["started", 2],
      ["started", 3],
      ["dropped", 4],
    ]);
    expect(firings.at(-1)!.reason).toMatch(/chain of 4 triggered runs/);
  });

  it("refuses a mapping the kind cannot take when saving, and records parameters that fail at fire time as invalid, starting nothing", async () => {
    const def = await definition("sleep", { ms: 5 });
    await expect(
      asOperator().triggers.create({ definitionId: def.id, fields: { name: "bad type", event: "import.finished", paramMap: { ms: "fileName" } } }),
    ).rejects.toThrow(/paramMap\.ms: field "fileName" cannot be this parameter/);
    await expect(
      asOperator().triggers.create({ definitionId: def.id, fields: { name: "bad name", event: "import.finished", paramMap: { delay: "rows" } } }),
    ).rejects.toThrow(/paramMap\.delay: the job kind has no parameter "delay"/);
    await expect(asOperator().triggers.create({ definitionId: "nope", fields: { name: "x", event: "http" } })).rejects.toThrow(/Job not found/);
    expect(await db.jobTrigger.count({ where: { definitionId: def.id } })).toBe(0);

    const { trigger } = await asOperator().triggers.create({
      definitionId: def.id,
      fields: { name: "points as ms", event: "import.finished", paramMap: { ms: "points" } },
    });
    await emitImport(importFinished({ points: 10_000_000 }));
    expect(await sweepAll()).toBe(0);
    const [firing] = await firingsOf(trigger.id);
    expect(firing).toMatchObject({ outcome: "invalid", runId: null, params: { ms: 10_000_000 } });
    expect(firing.reason).toMatch(/^ms: /);
    expect(await runsOf(def.id)).toHaveLength(0);
  });

  it("debounces per key on the leading edge", async () => {
    const def = await definition("sleep", { ms: 5 });
    const { trigger } = await asOperator().triggers.create({
      definitionId: def.id,
      fields: { name: "debounced", event: "import.finished", debounceSeconds: 60, concurrencyKey: "{loggerId}" },
    });
    for (const loggerId of ["L1", "L1", "L1", "L2"]) await emitImport(importFinished({ loggerId }));
    expect(await sweepAll()).toBe(2);
    expect((await firingsOf(trigger.id)).map((f) => [f.concurrencyKey, f.outcome])).toEqual([
      ["L1", "started"],
      ["L1", "debounced"],
      ["L1", "debounced"],
      ["L2", "started"],
    ]);
  });

  it("keeps at most N runs of a key in flight: the overflow waits and starts when one finishes, or is dropped", async () => {
    const def = await definition("sleep", { ms: 5 });
    const { trigger: queued } = await asOperator().triggers.create({
      definitionId: def.id,
      fields: { name: "one at a time", event: "import.finished", maxConcurrent: 1, overflow: "queue" },
    });
    const { trigger: dropping } = await asOperator().triggers.create({
      definitionId: def.id,
      fields: { name: "one or none", event: "import.finished", maxConcurrent: 1, overflow: "drop" },
    });
    await emitImport(importFinished());
    await emitImport(importFinished());
    await emitImport(importFinished());
    expect(await sweepAll()).toBe(2);
    expect((await firingsOf(queued.id)).map((f) => f.outcome)).toEqual(["started", "waiting", "waiting"]);
    expect((await firingsOf(dropping.id)).map((f) => f.outcome)).toEqual(["started", "dropped", "dropped"]);

    expect((await startWaitingFirings(db)).started, "the first run is still queued").toBe(0);
    const [firstRun] = await runsOf(def.id);
    const queuedFirst = (await firingsOf(queued.id))[0];
    await db.jobRun.update({ where: { id: queuedFirst.runId! }, data: { status: "succeeded", finishedAt: new Date() } });
    expect(firstRun).toBeDefined();
    expect((await startWaitingFirings(db)).started).toBe(1);
    expect((await firingsOf(queued.id)).map((f) => f.outcome)).toEqual(["started", "started", "waiting"]);
    expect((await startWaitingFirings(db)).started, "one in flight again").toBe(0);

    await asOperator().triggers.setEnabled({ id: queued.id, enabled: false });
    expect((await startWaitingFirings(db)).dropped).toBe(1);
    expect((await firingsOf(queued.id)).at(-1)).toMatchObject({ outcome: "dropped", reason: "the trigger was disabled while this waited" });
  });

  it("sets aside an event it cannot read after 5 tries, and the events behind it go on", async () => {
    const def = await definition("sleep", { ms: 5 });
    const { trigger } = await asOperator().triggers.create({ definitionId: def.id, fields: { name: "behind a bad one", event: "import.finished" } });
    const bad = await db.domainEvent.create({ data: { kind: "import.finished", dedupeKey: `bad:${randomUUID()}`, payload: { importId: 7 } } });
    await emitImport(importFinished());
    for (let i = 1; i <= 5; i++) {
      const swept = await sweepDomainEvents(db);
      expect(swept).toMatchObject({ failed: 1, events: 0 });
      expect(await db.domainEvent.findUniqueOrThrow({ where: { id: bad.id } })).toMatchObject({ attempts: i, processedAt: i < 5 ? null : expect.any(Date) });
    }
    expect((await db.domainEvent.findUniqueOrThrow({ where: { id: bad.id } })).lastError).toMatch(/does not have that kind's fields/);
    expect(await sweepAll()).toBe(1);
    expect((await firingsOf(trigger.id)).map((f) => f.outcome)).toEqual(["started"]);
  });

  it("writes no event while no enabled trigger listens for its kind", async () => {
    const def = await definition("sleep", { ms: 5 });
    const { trigger } = await asOperator().triggers.create({ definitionId: def.id, fields: { name: "listening", event: "import.finished" } });
    const heard = importFinished();
    await emitImport(heard);
    expect(await db.domainEvent.count({ where: { dedupeKey: `import.finished:${heard.importId}:succeeded` } })).toBe(1);
    await asOperator().triggers.setEnabled({ id: trigger.id, enabled: false });
    if ((await db.jobTrigger.count({ where: { event: "import.finished", enabled: true } })) > 0) return; // another file's trigger listens
    const unheard = importFinished();
    await emitImport(unheard);
    expect(await db.domainEvent.count({ where: { dedupeKey: `import.finished:${unheard.importId}:succeeded` } })).toBe(0);
  });
});
