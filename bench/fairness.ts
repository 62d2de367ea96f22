/**
 * Fair sharing and deadline boosting on one lane, against plain BullMQ priorities (fairness off), with the same
 * worker process, Redis, concurrency and load, in the same run. Prints JSON on stdout.
 *
 * Flood: scope A enqueues 10,000 short jobs at once, then B and C trickle faster than their share (all three stay
 * backlogged); completions per scope over a window give each scope's share of throughput ÷ its weight's share, and
 * the worst of those is fairness.min_share_vs_weight (1.0 is perfectly fair). Run with weights 1/1/1 and 2/1/1.
 * Deadlines: P3 runs with deadlines amid a P2 flood; fairness.deadline_hit_rate is the fraction done in time.
 */
import "../server/load-dotenv";
import { benchPrefix as prefix } from "./support/own-queue-prefix";
import { randomUUID } from "node:crypto";
import type { Job } from "bullmq";
import "../tests/support/test-job-kinds";
import type { Priority } from "../server/db/generated/enums";
import { addRunJobs } from "../server/queues/add-run-jobs";
import { planRunJob, type PlannedRunJob } from "../server/queues/plan-run-job";
import { getQueue, JOBS_QUEUE } from "../server/queues/queues";
import { sharedRedis } from "../server/redis";
import { argValue, progress, quick, startProcess, summarize } from "./support/processes";

const concurrency = argValue("concurrency", 8);
const jobMs = argValue("job-ms", 20);
const flood = argValue("flood", quick ? 4_000 : 10_000);
const windowMs = argValue("window-ms", quick ? 4_000 : 6_000);
const deadlineRuns = argValue("deadline-runs", quick ? 100 : 200);
const deadlineFlood = argValue("deadline-flood", quick ? 3_000 : 6_000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const queue = () => getQueue(JOBS_QUEUE);

type Mode = "fair" | "plain";

function plan(scope: string, priority: Priority, options: { weight?: number; deadlineMs?: number; jobId?: string } = {}): PlannedRunJob {
  const job = planRunJob({
    kind: "sleep",
    params: { ms: jobMs },
    priority,
    complexity: "simple",
    timeoutMs: 60_000,
    definitionId: `bench-${scope}`,
    scopeWeight: options.weight,
    deadlineMs: options.deadlineMs,
  });
  return options.jobId ? { ...job, opts: { ...job.opts, jobId: options.jobId } } : job;
}

/** Fair: the product's path (fair-share rounds, deadline registry). Plain: BullMQ's class priority and nothing else. */
async function enqueue(mode: Mode, jobs: PlannedRunJob[]): Promise<void> {
  if (mode === "fair") return addRunJobs(jobs);
  const plain = jobs.map((j) => ({ name: j.name, data: { ...j.data, deadlineMs: undefined }, opts: j.opts }));
  for (let i = 0; i < plain.length; i += 2_000) await queue().addBulk(plain.slice(i, i + 2_000));
}

/** Empties the lane between scenarios: waits for running jobs, then removes the rest and the fair-share state. */
async function reset(): Promise<void> {
  await queue().pause();
  for (let i = 0; i < 200 && (await queue().getActiveCount()) > 0; i++) await sleep(50);
  await queue().obliterate({ force: true });
  await queue().resume();
  const stale = await sharedRedis().keys(`${prefix}:fair:*`);
  if (stale.length) await sharedRedis().del(...stale);
}

async function completedJobs(): Promise<Job[]> {
  return queue().getJobs(["completed"], 0, -1);
}

async function floodScenario(mode: Mode, weights: Record<"A" | "B" | "C", number>) {
  await enqueue(
    mode,
    Array.from({ length: flood }, () => plan("A", "P2", { weight: weights.A })),
  );
  // B and C: an opening burst, then 20 each per 100 ms, above their share of the lane, so all three stay backlogged.
  const trickle = async () =>
    enqueue(
      mode,
      (["B", "C"] as const).flatMap((s) => Array.from({ length: 20 }, () => plan(s, "P2", { weight: weights[s] }))),
    );
  for (let i = 0; i < 5; i++) await trickle();
  // Counted from half a second after all three have jobs waiting.
  const from = Date.now() + 500;
  const until = from + windowMs;
  const p0: number[] = [];
  while (Date.now() < until) {
    await trickle();
    if (p0.length < 5 && Date.now() > from) {
      // P0 on the same lane, behind the flood: BullMQ's wait list runs before any prioritized job.
      const job = await queue().add("noop", { priority: "P0", complexity: "simple", params: {}, timeoutMs: 60_000 });
      for (let k = 0; k < 200; k++) {
        const done = await queue().getJob(job.id!);
        if (done?.processedOn) {
          p0.push(done.processedOn - done.timestamp);
          break;
        }
        await sleep(5);
      }
    }
    await sleep(100);
  }
  const done = (await completedJobs()).filter((j) => j.name === "sleep" && j.finishedOn! >= from && j.finishedOn! <= until);
  const total = done.length;
  const weightSum = weights.A + weights.B + weights.C;
  const shares = Object.fromEntries(
    (["A", "B", "C"] as const).map((s) => {
      const n = done.filter((j) => j.data.definitionId === `bench-${s}`).length;
      return [s, { completed: n, share_vs_weight: total ? Math.round((n / total / (weights[s] / weightSum)) * 100) / 100 : 0 }];
    }),
  );
  const min = Math.min(...Object.values(shares).map((s) => s.share_vs_weight));
  progress(
    `${mode} ${weights.A}/${weights.B}/${weights.C}: ${total} done in ${windowMs} ms; share ÷ weight A ${shares.A.share_vs_weight}, B ${shares.B.share_vs_weight}, C ${shares.C.share_vs_weight}; P0 start ${summarize(p0).p50} ms`,
  );
  await reset();
  return { min_share_vs_weight: min, scopes: shares, p0_start_ms: summarize(p0) };
}

async function deadlineScenario(mode: Mode) {
  const t0 = Date.now();
  await enqueue(
    mode,
    Array.from({ length: deadlineFlood }, () => plan("flood", "P2")),
  );
  // Deadlines spread over 3–12 s: the P2 flood takes longer than that to drain at this concurrency.
  const runs = Array.from({ length: deadlineRuns }, (_, i) => ({
    id: `dl-${mode}-${i}-${randomUUID().slice(0, 6)}`,
    deadlineMs: 3_000 + Math.round((9_000 * i) / deadlineRuns),
  }));
  const enqueuedAt = Date.now();
  await enqueue(
    mode,
    runs.map((r) => plan("deadline", "P3", { deadlineMs: r.deadlineMs, jobId: r.id })),
  );
  const lastDeadline = enqueuedAt + Math.max(...runs.map((r) => r.deadlineMs));
  let hits = 0;
  for (;;) {
    const jobs = await Promise.all(runs.map((r) => queue().getJob(r.id)));
    hits = jobs.filter((j, i) => j?.finishedOn && j.finishedOn <= enqueuedAt + runs[i].deadlineMs).length;
    if (jobs.every((j) => j?.finishedOn) || Date.now() > lastDeadline + 500) break;
    await sleep(250);
  }
  const rate = Math.round((hits / runs.length) * 1000) / 1000;
  progress(`${mode}: ${hits}/${runs.length} P3 runs done before their deadline amid ${deadlineFlood} P2 jobs (${Date.now() - t0} ms)`);
  await reset();
  return rate;
}

async function main() {
  progress(`fairness: one lane, concurrency ${concurrency}, ${jobMs} ms jobs; flood ${flood} from A, B and C trickling; window ${windowMs} ms`);
  const worker = startProcess(
    "tests/support/worker-with-test-kinds.ts",
    { QUEUE_PREFIX: prefix, WORKER_CONCURRENCY: String(concurrency), JOBS_PROMOTE_MS: "500", LOG_LEVEL: "info" },
    "worker ready",
  );
  try {
    await worker.ready;
    const equal = { A: 1, B: 1, C: 1 };
    const weighted = { A: 2, B: 1, C: 1 };
    const fair = await floodScenario("fair", equal);
    const plain = await floodScenario("plain", equal);
    const fairWeighted = await floodScenario("fair", weighted);
    const plainWeighted = await floodScenario("plain", weighted);
    const deadlineFair = await deadlineScenario("fair");
    const deadlinePlain = await deadlineScenario("plain");
    console.log(
      JSON.stringify({
        fairness: {
          min_share_vs_weight: fair.min_share_vs_weight,
          min_share_vs_weight_plain_bullmq: plain.min_share_vs_weight,
          min_share_vs_weight_weighted_2_1_1: fairWeighted.min_share_vs_weight,
          min_share_vs_weight_weighted_2_1_1_plain_bullmq: plainWeighted.min_share_vs_weight,
          deadline_hit_rate: deadlineFair,
          deadline_hit_rate_plain_bullmq: deadlinePlain,
          p0_start_behind_flood_ms: fair.p0_start_ms,
          scopes: { equal: fair.scopes, equal_plain_bullmq: plain.scopes, weighted: fairWeighted.scopes, weighted_plain_bullmq: plainWeighted.scopes },
          setup: {
            flood,
            window_ms: windowMs,
            concurrency,
            job_ms: jobMs,
            deadline_runs: deadlineRuns,
            deadline_flood: deadlineFlood,
            deadlines_ms: "3000-12000",
          },
        },
      }),
    );
  } finally {
    await worker.stop();
    await queue()
      .obliterate({ force: true })
      .catch(() => undefined);
  }
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
