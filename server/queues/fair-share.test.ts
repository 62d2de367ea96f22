import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { sharedRedis } from "../redis";
import { addRunJobs } from "./add-run-jobs";
import { planRunJob, type PlannedRunJob } from "./plan-run-job";
import { PRIORITY_BAND, priorityClasses } from "./priority-classes";
import { bullPrefix, getQueue } from "./queues";
import type { Priority } from "../db/generated/enums";

/** Real Redis and BullMQ, no worker: the order the prioritized set will hand jobs out in. */
describe("fair sharing within a lane", () => {
  const queues: string[] = [];
  const freshQueue = () => {
    const name = `fair-test-${randomUUID().slice(0, 8)}`;
    queues.push(name);
    return name;
  };
  const jobs = (queue: string, scope: string, n: number, options: { priority?: Priority; weight?: number } = {}): PlannedRunJob[] =>
    Array.from({ length: n }, (_, i) => {
      const job = planRunJob({
        kind: "noop",
        params: {},
        priority: options.priority ?? "P2",
        complexity: "simple",
        timeoutMs: 60_000,
        definitionId: scope,
        scopeWeight: options.weight,
        runId: `${scope}-${i}-${randomUUID().slice(0, 6)}`,
      });
      return { ...job, queue };
    });
  /** Scopes of the next `n` jobs to run, in order. */
  const nextScopes = async (queue: string, n: number) =>
    (await getQueue(queue).getJobs(["waiting", "prioritized"], 0, n - 1, true)).slice(0, n).map((j) => j.data.definitionId as string);

  afterAll(async () => {
    for (const name of queues) {
      await getQueue(name).obliterate({ force: true });
      const keys = await sharedRedis().keys(`${bullPrefix()}:fair:${name}:*`);
      if (keys.length) await sharedRedis().del(...keys);
    }
  });

  it("serves a scope that arrives behind a 2,000-job flood round by round with it, not after it", async () => {
    const queue = freshQueue();
    await addRunJobs(jobs(queue, "A", 2_000));
    await addRunJobs(jobs(queue, "B", 10));
    await addRunJobs(jobs(queue, "C", 10));
    const next = await nextScopes(queue, 30);
    expect(next.filter((s) => s === "B")).toHaveLength(10);
    expect(next.filter((s) => s === "C")).toHaveLength(10);
    // Round by round: A, B, C each once per round.
    expect(next.slice(0, 3).sort()).toEqual(["A", "B", "C"]);
    // Nothing lost, nothing doubled.
    const all = await getQueue(queue).getJobs(["prioritized"], 0, -1);
    expect(new Set(all.map((j) => j.id)).size).toBe(2_020);
  });

  it("gives a scope of weight 2 two jobs per round", async () => {
    const queue = freshQueue();
    await addRunJobs(jobs(queue, "A", 300, { weight: 2 }));
    await addRunJobs(jobs(queue, "B", 300));
    const next = await nextScopes(queue, 60);
    expect(next.filter((s) => s === "A")).toHaveLength(40);
    expect(next.filter((s) => s === "B")).toHaveLength(20);
  });

  it("keeps classes in order across scopes, and P0 ahead of everything", async () => {
    const queue = freshQueue();
    await addRunJobs(jobs(queue, "A", 500, { priority: "P3" }));
    await addRunJobs(jobs(queue, "B", 5, { priority: "P2" }));
    await addRunJobs(jobs(queue, "C", 1, { priority: "P0" }));
    const next = await nextScopes(queue, 7);
    expect(next).toEqual(["C", "B", "B", "B", "B", "B", "A"]);
    const [first] = await getQueue(queue).getJobs(["prioritized"], 0, 0, true);
    expect(first.priority).toBeGreaterThanOrEqual(priorityClasses.P2.bullPriority);
    expect(first.priority).toBeLessThan(priorityClasses.P2.bullPriority + PRIORITY_BAND);
  });

  it("does not hold a scope back for what it ran while the lane kept up with it", async () => {
    const queue = freshQueue();
    // A's 200 jobs ran as they came (taken off the band at once, as a worker keeping up would).
    for (let i = 0; i < 200; i += 20) {
      await addRunJobs(jobs(queue, "A", 20));
      for (const job of await getQueue(queue).getJobs(["prioritized"], 0, -1)) await job.remove();
    }
    // Then both build a backlog: they share it from the first round, A is not pushed behind B's 200.
    await addRunJobs(jobs(queue, "A", 50));
    await addRunJobs(jobs(queue, "B", 50));
    const next = await nextScopes(queue, 20);
    expect(next.filter((s) => s === "A").length).toBeGreaterThanOrEqual(9);
  });

  it("takes hostile scopes and weights from job data without breaking or escaping the band", async () => {
    const queue = freshQueue();
    const hostile = ['"; redis.call("FLUSHALL") --', "s:v", "v", "x".repeat(5_000), "", "\u0000\n"];
    const planned = hostile.map((scope, i) => ({
      ...jobs(queue, `h${i}`, 1)[0],
      data: { ...jobs(queue, `h${i}`, 1)[0].data, scope, scopeWeight: [0, -5, Number.NaN, 1e12, Infinity, 2.5][i] },
    }));
    await addRunJobs(planned);
    const added = await getQueue(queue).getJobs(["prioritized"], 0, -1);
    expect(added).toHaveLength(hostile.length);
    for (const job of added) {
      expect(job.priority).toBeGreaterThanOrEqual(priorityClasses.P2.bullPriority);
      expect(job.priority).toBeLessThan(priorityClasses.P2.bullPriority + PRIORITY_BAND);
    }
    // The script did what it was given, nothing more: the other tests' queues are still there.
    expect(await getQueue(queues[0]).count()).toBeGreaterThan(0);
  });
});
