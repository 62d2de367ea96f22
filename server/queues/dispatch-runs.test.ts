import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, db } from "../db";
import { cancelRuns } from "../runs/cancel-runs";
import { until } from "../../tests/support/until";
import { addRunJobsAfterCommit, pendingRunDispatches } from "./add-after-commit";
import { dispatchRuns } from "./dispatch-runs";
import { planRunJob } from "./plan-run-job";
import { getQueue } from "./queues";
import { DISPATCH_GRACE_MS, LOST_AFTER_MS, sweepUndispatchedRuns } from "./sweep-undispatched-runs";

const queueName = `dispatch-${randomUUID().slice(0, 8)}`;
const queue = getQueue(queueName);
const other = createDb(undefined, { max: 2 });
const newId = () => `run_${randomUUID().replaceAll("-", "")}`;
const ago = (ms: number) => new Date(Date.now() - ms);

async function queuedRow(id: string, options: { queuedAt?: Date; trigger?: "manual" | "schedule"; deadlineAt?: Date } = {}) {
  await db.jobRun.create({
    data: {
      id,
      kind: "noop",
      params: { n: 7 },
      priority: "P2",
      queue: queueName,
      trigger: options.trigger ?? "manual",
      complexity: "simple",
      timeoutMs: 60_000,
      queuedAt: options.queuedAt ?? ago(DISPATCH_GRACE_MS + 15_000),
      deadlineAt: options.deadlineAt,
    },
  });
}

/** Every job of the test queue, whatever its state. */
const jobsOf = async (ids: string[]) => (await Promise.all(ids.map((id) => queue.getJob(id)))).filter((j) => j !== undefined);
const sweep = (client = db) => sweepUndispatchedRuns(client, { queues: [queueName] });

describe("the dispatcher sweep", () => {
  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    await other.$disconnect();
    await db.$disconnect();
  });

  it("gives a queued run with no job exactly one job, the one enqueueRun would have added", async () => {
    const id = newId();
    const deadlineAt = new Date(Date.now() + 600_000);
    await queuedRow(id, { deadlineAt });
    const first = await sweep();
    expect(first.added).toContain(id);
    const [job] = await jobsOf([id]);
    expect(job).toMatchObject({ id, name: "noop", data: { runId: id, params: { n: 7 }, priority: "P2", complexity: "simple", timeoutMs: 60_000 } });
    // The deadline stays where the row has it: it counts from the new job's time.
    expect(Math.abs(job!.timestamp + job!.data.deadlineMs! - deadlineAt.getTime())).toBeLessThan(1_000);
    const again = await sweep();
    expect(again.added).not.toContain(id);
    expect(await queue.getJobCountByTypes("waiting", "prioritized")).toBe(1);
  });

  it("leaves alone a run that has its job, a fresh one, one left to the reconciler, a schedule's and a cancelled one", async () => {
    const ids = { withJob: newId(), fresh: newId(), old: newId(), scheduled: newId(), cancelled: newId() };
    await queuedRow(ids.withJob);
    await queue.add("noop", { marker: "original" }, { jobId: ids.withJob });
    await queuedRow(ids.fresh, { queuedAt: new Date() });
    await queuedRow(ids.old, { queuedAt: ago(LOST_AFTER_MS - 30_000) });
    await queuedRow(ids.scheduled, { trigger: "schedule" });
    await queuedRow(ids.cancelled);
    expect((await cancelRuns(db, { ids: [ids.cancelled] })).cancelled).toEqual([ids.cancelled]);

    const { added } = await sweep();
    expect(added.filter((id) => Object.values(ids).includes(id))).toEqual([]);
    const [withJob] = await jobsOf([ids.withJob]);
    expect(withJob!.data).toEqual({ marker: "original" });
    expect((await jobsOf([ids.fresh, ids.old, ids.scheduled, ids.cancelled])).map((j) => j.id)).toEqual([]);
  });

  it("adds one job when two sweeps race over the same rows", async () => {
    const ids = [newId(), newId(), newId()];
    for (const id of ids) await queuedRow(id);
    const [a, b] = await Promise.all([sweep(db), sweep(other)]);
    const added = [...a.added, ...b.added].filter((id) => ids.includes(id));
    expect(added.sort()).toEqual([...ids].sort());
    const jobs = await jobsOf(ids);
    expect(jobs.map((j) => j.id).sort()).toEqual([...ids].sort());
    // Each id once in the queue's waiting sets: BullMQ refused any second add of the same job id.
    const waiting = [...(await queue.getJobs(["waiting", "prioritized"]))].map((j) => j.id).filter((id) => ids.includes(id!));
    expect(waiting.sort()).toEqual([...ids].sort());
  });

  it("walks a backlog longer than one pass over several passes", async () => {
    const ids = [newId(), newId(), newId()];
    for (const [i, id] of ids.entries()) await queuedRow(id, { queuedAt: ago(DISPATCH_GRACE_MS + 60_000 - i * 1_000) });
    const seen: string[] = [];
    let after;
    do {
      const pass = await sweepUndispatchedRuns(db, { queues: [queueName], limit: 1, after });
      seen.push(...pass.added);
      after = pass.next;
    } while (after);
    expect(ids.every((id) => seen.includes(id))).toBe(true);
  });

  it("dispatches nothing for a cancelled run and locks out a cancellation while it dispatches", async () => {
    const id = newId();
    await queuedRow(id);
    await cancelRuns(db, { ids: [id] });
    expect(await dispatchRuns(db, [id])).toEqual({ checked: 0, added: [] });
    expect(await jobsOf([id])).toEqual([]);
  });
});

describe("an add that fails after the commit", () => {
  it("does not fail the caller and the run gets its job once the retry succeeds", async () => {
    const id = newId();
    await queuedRow(id, { queuedAt: new Date() });
    const planned = planRunJob({ kind: "noop", params: { n: 7 }, priority: "P2", complexity: "simple", timeoutMs: 60_000, runId: id });
    // A real refusal from BullMQ on the first add (this queue cannot exist); the retry goes by the committed row's queue.
    await expect(addRunJobsAfterCommit([{ ...planned, queue: "refused:queue" }], Date.now())).resolves.toBeUndefined();
    expect(pendingRunDispatches()).toBeGreaterThanOrEqual(1);
    await until("the retried job", async () => (await jobsOf([id])).length === 1, 10_000);
    expect((await jobsOf([id]))[0]!.data).toMatchObject({ runId: id, params: { n: 7 } });
    await until("no retry pending", () => pendingRunDispatches() === 0, 5_000);
  });
});
