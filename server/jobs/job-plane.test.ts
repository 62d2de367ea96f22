import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startWorkerProcess, type WorkerProcess } from "@/tests/support/worker-process";
import { createTestUser } from "@/tests/support/users";
import { createCaller } from "../api/root";
import type { SessionUser } from "../auth/session";
import { db } from "../db";
import { getQueue } from "../queues/queues";
import { eventsChannel } from "../realtime/events";
import { createRedis } from "../redis";
import { RUN_CHANGES_EVENT, type RunChange } from "../runs/run-change";
import { DEAD_LETTER_EVENT, type DeadLetterRecorded } from "../dead-letters/dead-letter-event";
import { syncJobSchedulers } from "./sync-job-schedulers";
import { clearQueues } from "@/tests/support/clear-queues";

const workers: WorkerProcess[] = [];
const startWorker = (env: Record<string, string> = {}) => {
  const w = startWorkerProcess({ SCHEDULER_SYNC_MS: "500", WORKER_STALLED_INTERVAL_MS: "1000", WORKER_LOCK_MS: "3000", ...env });
  workers.push(w);
  return w;
};
const ready = (w: WorkerProcess) => expect.poll(() => w.output(), { timeout: 20_000 }).toContain('"event":"worker.started"');
const runsOf = (definitionId: string) => db.jobRun.findMany({ where: { definitionId }, orderBy: { queuedAt: "asc" } });
/** Everything published on the live channel from now on, as the web processes receive it. */
async function listenToLiveEvents<T>() {
  const events: Array<{ topic: string; event: string; payload: T }> = [];
  const sub = createRedis("subscriber");
  await sub.subscribe(eventsChannel());
  sub.on("message", (_c, raw: string) => events.push(JSON.parse(raw)));
  return { events, stop: () => sub.disconnect() };
}
const waitForRun = (id: string, status: string, timeout = 30_000) =>
  expect.poll(async () => (await db.jobRun.findUnique({ where: { id } }))?.status, { timeout, interval: 100 }).toBe(status);

describe("job control plane, with real workers", () => {
  let operator: SessionUser;
  let engineer: SessionUser;
  const asOperator = () => createCaller({ db, user: operator, resHeaders: new Headers() });
  const asEngineer = () => createCaller({ db, user: engineer, resHeaders: new Headers() });

  beforeAll(async () => {
    operator = (await createTestUser("OPERATOR")).user;
    engineer = (await createTestUser("ENGINEER")).user;
    await clearQueues(db);
  });
  afterEach(async () => {
    await Promise.all(
      workers.splice(0).map(async (w) => {
        w.child.kill("SIGTERM");
        await w.exited;
      }),
    );
  });
  afterAll(async () => {
    await db.jobDefinition.deleteMany({ where: { name: { startsWith: "test " } } });
    await syncJobSchedulers(db);
    await db.$disconnect();
  });

  it("refuses a definition with a bad cron, an unknown kind or bad parameters, naming the field", async () => {
    const base = { name: `test bad ${randomUUID().slice(0, 6)}`, kind: "sleep", params: { ms: 10 } };
    await expect(asOperator().jobs.create({ ...base, schedule: { type: "cron", cron: "61 * * * *", timeZone: "UTC" } })).rejects.toThrow(
      /schedule\.cron: Invalid cron expression/,
    );
    await expect(asOperator().jobs.create({ ...base, schedule: { type: "cron", cron: "*/5 * * * *", timeZone: "Mars/Olympus" } })).rejects.toThrow(
      /schedule\.timeZone: Unknown time zone/,
    );
    await expect(asOperator().jobs.create({ ...base, kind: "teleport" })).rejects.toThrow(/kind: Unknown job kind "teleport"/);
    await expect(asOperator().jobs.create({ ...base, params: { ms: "soon" } })).rejects.toThrow(/params\.ms:/);
  });

  it("an interval job fires on time, pausing stops it, and an edited schedule takes effect without a restart", async () => {
    const worker = startWorker();
    await ready(worker);
    const def = await asOperator().jobs.create({
      name: `test every-second ${randomUUID().slice(0, 6)}`,
      kind: "noop",
      schedule: { type: "interval", everyMs: 1_000 },
    });
    await expect.poll(async () => (await runsOf(def.id)).filter((r) => r.status === "succeeded").length, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
    const runs = await runsOf(def.id);
    expect(runs.every((r) => r.trigger === "schedule" && r.definitionVersion === 1)).toBe(true);
    // BullMQ fires a new interval scheduler at once, then on multiples of the interval: skip the first gap.
    const gaps = runs.slice(2).map((r, i) => r.queuedAt.getTime() - runs[i + 1].queuedAt.getTime());
    expect(gaps.length).toBeGreaterThanOrEqual(1);
    for (const gap of gaps) expect(Math.abs(gap - 1_000)).toBeLessThan(300);

    await asOperator().jobs.setEnabled({ id: def.id, enabled: false });
    await new Promise((r) => setTimeout(r, 1_500)); // let an already-queued firing finish
    const whenPaused = (await runsOf(def.id)).length;
    await new Promise((r) => setTimeout(r, 3_000));
    expect((await runsOf(def.id)).length).toBe(whenPaused);

    await asOperator().jobs.update({
      id: def.id,
      fields: { name: def.name, kind: "noop", schedule: { type: "interval", everyMs: 2_000 }, enabled: true, priority: "P1" },
    });
    await expect.poll(async () => (await runsOf(def.id)).filter((r) => r.definitionVersion === 3).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(4);
    const edited = (await runsOf(def.id)).filter((r) => r.definitionVersion === 3);
    expect(edited.every((r) => r.priority === "P1")).toBe(true);
    // The new interval holds from the edit on (again skipping the scheduler's immediate first firing).
    const editedGaps = edited.slice(2).map((r, i) => r.queuedAt.getTime() - edited[i + 1].queuedAt.getTime());
    for (const gap of editedGaps) expect(Math.abs(gap - 2_000)).toBeLessThan(300);
    // One scheduler per definition, however often it was synced.
    const schedulers = await getQueue("jobs").getJobSchedulers(0, -1);
    expect(schedulers.filter((s) => (s.id ?? s.key) === def.id)).toHaveLength(1);
  }, 60_000);

  it("a cron job fires on its schedule, to the second", async () => {
    const worker = startWorker();
    await ready(worker);
    const def = await asOperator().jobs.create({
      name: `test cron ${randomUUID().slice(0, 6)}`,
      kind: "noop",
      schedule: { type: "cron", cron: "*/2 * * * * *", timeZone: "UTC" },
    });
    await expect.poll(async () => (await runsOf(def.id)).filter((r) => r.status === "succeeded").length, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
    await asOperator().jobs.setEnabled({ id: def.id, enabled: false });
    expect((await runsOf(def.id)).every((r) => r.trigger === "schedule" && r.jobName === def.name)).toBe(true);
    const started = (await runsOf(def.id)).filter((r) => r.startedAt).map((r) => r.startedAt!.getTime());
    // Each firing starts within a few hundred ms after an even second, and they are 2 s apart.
    for (const at of started) expect(at % 2_000, `started ${new Date(at).toISOString()}`).toBeLessThan(500);
    for (let i = 1; i < started.length; i++) expect(Math.round((started[i] - started[i - 1]) / 2_000)).toBe(1);
  }, 40_000);

  it("publishes each run's state changes and log lines on the live channel", async () => {
    const { events, stop } = await listenToLiveEvents<RunChange[]>();
    try {
      startWorker();
      const def = await asOperator().jobs.create({ name: `test live ${randomUUID().slice(0, 6)}`, kind: "sleep", params: { ms: 300 } });
      const run = await asOperator().jobs.runNow({ id: def.id });
      await waitForRun(run.id, "succeeded");
      await expect
        .poll(
          () =>
            events
              .flatMap((e) => (e.topic === "runs" && e.event === RUN_CHANGES_EVENT ? e.payload : []))
              .filter((c) => c.id === run.id)
              .map((c) => c.status),
          { timeout: 5_000 },
        )
        .toContain("succeeded");
      const changes = events
        .filter((e) => e.event === RUN_CHANGES_EVENT)
        .flatMap((e) => e.payload)
        .filter((c) => c.id === run.id);
      expect(changes.map((c) => c.status)).toContain("running");
      expect(changes.every((c) => c.definitionId === def.id)).toBe(true);
      expect(changes.flatMap((c) => c.logs as Array<{ message: string }>).map((l) => l.message)).toEqual(["sleeping", "woke up"]);
    } finally {
      stop();
    }
  }, 30_000);

  it("a P0 job starts before a backlog of 1,000 P4 jobs", async () => {
    const p4 = await asOperator().jobs.create({ name: `test p4 ${randomUUID().slice(0, 6)}`, kind: "sleep", params: { ms: 20 }, priority: "P4" });
    const p0 = await asOperator().jobs.create({ name: `test p0 ${randomUUID().slice(0, 6)}`, kind: "noop", priority: "P0" });
    for (let i = 0; i < 1_000; i += 25) await Promise.all(Array.from({ length: 25 }, () => asOperator().jobs.runNow({ id: p4.id })));
    const critical = await asOperator().jobs.runNow({ id: p0.id });
    startWorker({ WORKER_CONCURRENCY: "4" });
    await waitForRun(critical.id, "succeeded");
    const started = (await db.jobRun.findUniqueOrThrow({ where: { id: critical.id } })).startedAt!;
    const p4StartedBefore = await db.jobRun.count({ where: { definitionId: p4.id, startedAt: { lt: started } } });
    expect(p4StartedBefore).toBeLessThan(50);
  }, 90_000);

  it.each([
    ["simple", 2, [1_000, 1_000]],
    ["moderate", 3, [1_000, 2_000, 3_000]],
    ["complex", 3, [1_000, 2_000, 4_000]],
  ] as const)(
    "retries a %s job with the class's delays (from the attempt timestamps)",
    async (complexity, failures, delays) => {
      startWorker();
      const def = await asOperator().jobs.create({
        name: `test retry ${complexity} ${randomUUID().slice(0, 6)}`,
        kind: "fail-n-times",
        params: { failures },
        complexity,
      });
      const run = await asOperator().jobs.runNow({ id: def.id });
      await waitForRun(run.id, "succeeded");
      const errors = (await db.jobRun.findUniqueOrThrow({ where: { id: run.id } })).errors as Array<{ at: string; durationMs: number }>;
      expect(errors).toHaveLength(failures);
      // Each failed attempt says how long it ran (fail-n-times fails at once).
      for (const e of errors) {
        expect(e.durationMs).toBeGreaterThanOrEqual(0);
        expect(e.durationMs).toBeLessThan(1_000);
      }
      const done = await db.jobRun.findUniqueOrThrow({ where: { id: run.id } });
      const times = [...errors.map((e) => Date.parse(e.at)), done.finishedAt!.getTime()];
      const measured = times.slice(1).map((t, i) => t - times[i]);
      measured.forEach((ms, i) => {
        const tolerance = complexity === "complex" ? 0.2 * delays[i] + 400 : 400;
        expect(Math.abs(ms - delays[i]), `retry ${i + 1}: waited ${ms} ms, policy says ${delays[i]} ms`).toBeLessThanOrEqual(tolerance);
      });
    },
    60_000,
  );

  it("a job that always fails lands in the dead-letter queue after its attempts; a replay runs it once, a second replay is refused", async () => {
    startWorker();
    const def = await asOperator().jobs.create({
      name: `test doomed ${randomUUID().slice(0, 6)}`,
      kind: "fail-n-times",
      params: { failures: 100 },
      complexity: "simple",
    });
    const live = await listenToLiveEvents<DeadLetterRecorded>();
    const run = await asOperator().jobs.runNow({ id: def.id });
    await waitForRun(run.id, "dead");
    const letter = await db.deadLetter.findUniqueOrThrow({ where: { runId: run.id } });
    // Announced once written, so a page that refetches on it finds the letter.
    await expect.poll(() => live.events.filter((e) => e.event === DEAD_LETTER_EVENT).map((e) => e.payload.runId)).toContain(run.id);
    live.stop();
    expect(letter.attempts).toBe(3);
    expect(letter.lastError).toMatch(/planned failure/);
    expect(letter.jobName).toBe(def.name);

    const { replayed } = await asEngineer().deadLetters.replay({ ids: [letter.id] });
    expect(replayed).toHaveLength(1);
    const replay = await db.jobRun.findUniqueOrThrow({ where: { id: replayed[0].runId }, include: { replayOf: true } });
    expect(replay).toMatchObject({ trigger: "replay", triggeredBy: engineer.email });
    expect(replay.replayOf?.id).toBe(letter.id);
    await expect(asEngineer().deadLetters.replay({ ids: [letter.id] })).rejects.toThrow(/Already replayed/);
    await waitForRun(replay.id, "dead");
  }, 60_000);

  it("a job with bad parameters goes straight to the dead-letter queue, without retries", async () => {
    startWorker();
    const def = await asOperator().jobs.create({
      name: `test bad-params ${randomUUID().slice(0, 6)}`,
      kind: "sleep",
      params: { ms: 5 },
      complexity: "complex",
    });
    await db.jobDefinition.update({ where: { id: def.id }, data: { params: { ms: -1 } } }); // as if the schema changed under it
    const run = await asOperator().jobs.runNow({ id: def.id });
    await waitForRun(run.id, "dead");
    expect((await db.deadLetter.findUniqueOrThrow({ where: { runId: run.id } })).attempts).toBe(1);
  }, 30_000);

  it("a worker killed with SIGKILL mid-run leaves no run stuck: another worker recovers and finishes it", async () => {
    const doomed = startWorker();
    await ready(doomed);
    const def = await asOperator().jobs.create({ name: `test long ${randomUUID().slice(0, 6)}`, kind: "sleep", params: { ms: 2_000 }, complexity: "moderate" });
    const run = await asOperator().jobs.runNow({ id: def.id });
    await waitForRun(run.id, "running");
    doomed.child.kill("SIGKILL");
    startWorker();
    await waitForRun(run.id, "succeeded", 45_000);
  }, 60_000);

  it("reruns a past run with edited parameters, recorded as such", async () => {
    startWorker();
    const def = await asOperator().jobs.create({ name: `test rerun ${randomUUID().slice(0, 6)}`, kind: "sleep", params: { ms: 5 } });
    const run = await asOperator().jobs.runNow({ id: def.id });
    await waitForRun(run.id, "succeeded");
    const [again] = await asEngineer().runs.rerun({ ids: [run.id], params: { ms: 7 } });
    await waitForRun(again.id, "succeeded");
    expect(await db.jobRun.findUniqueOrThrow({ where: { id: again.id } })).toMatchObject({
      trigger: "rerun",
      rerunOfId: run.id,
      paramsEdited: true,
      params: { ms: 7 },
      result: { sleptMs: 7 },
    });
    await expect(asOperator().runs.rerun({ ids: [run.id] })).rejects.toThrow(/ENGINEER/);
  }, 30_000);
});
