/**
 * Scale-out where work waits on I/O: runs of the `sleep` kind (20 ms each) enqueued with the product's
 * enqueueRun (a JobRun row in PostgreSQL, then the BullMQ job), executed by 1, 2 and 4 real worker
 * processes at a fixed concurrency each. Throughput is runs finished ÷ time from the queue's resume
 * (everything enqueued, every worker ready) to the last run's finishedAt; efficiency at N is
 * throughput_N ÷ (N × throughput_1). CPU of Redis (INFO cpu), of the worker processes and of the whole
 * machine is sampled over the same window to name what limits it when efficiency drops. Prints JSON on stdout.
 */
import "../server/load-dotenv";
import { randomUUID } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import os from "node:os";
import { argValue, progress, quick, startProcess, type BenchProcess } from "./support/processes";

const sleepMs = argValue("ms", 20);
const concurrency = argValue("concurrency", 8);
const runsPerProcess = argValue("runs", quick ? 250 : 1_200);
const counts = [1, 2, 4];
// The bench gets its own queue prefix so it never drains or obliterates a real queue; set before env() is first read.
const prefix = `${process.env.QUEUE_PREFIX ?? "gristmill"}-scaleout-${randomUUID().slice(0, 8)}`;
process.env.QUEUE_PREFIX = prefix;
const marker = `bench-scaleout-io-${randomUUID().slice(0, 8)}`;
const ticksPerSec = 100; // USER_HZ on Linux

interface CpuSample {
  at: number;
  benchCpuUs: number;
  redisSec: number;
  workerTicks: number;
  machineBusy: number;
  machineTotal: number;
}

function processTicks(pid: number | undefined): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

function machineTicks(): { busy: number; total: number } {
  const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const total = cpu.reduce((a, b) => a + b, 0);
  return { busy: total - cpu[3] - (cpu[4] ?? 0), total };
}

/** PostgreSQL's processes (every database on the server, other sessions' included): CPU ticks by pid. */
function postgresTicks(): Map<number, number> {
  const ticks = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, "utf8").trim() === "postgres") ticks.set(Number(entry), processTicks(Number(entry)));
    } catch {
      // gone meanwhile
    }
  }
  return ticks;
}

/** Ticks spent between two samples; backends that connected meanwhile count from zero, those that left are lost. */
function ticksBetween(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0;
  for (const [pid, ticks] of after) sum += Math.max(0, ticks - (before.get(pid) ?? 0));
  return sum;
}

async function main() {
  // The test kinds (sleep) beside the catalog, as the workers register them.
  await import("../tests/support/test-job-kinds");
  const { db } = await import("../server/db");
  const { enqueueRun } = await import("../server/queues/enqueue-run");
  const { allQueueNames, getQueue, JOBS_QUEUE } = await import("../server/queues/queues");
  const { sharedRedis } = await import("../server/redis");
  const redis = sharedRedis();

  const redisCpuSec = async () => {
    const info = await redis.info("cpu");
    const value = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
    return value("used_cpu_user") + value("used_cpu_sys");
  };
  const sample = async (procs: BenchProcess[]): Promise<CpuSample & { postgresTicks: Map<number, number> }> => {
    const machine = machineTicks();
    const own = process.cpuUsage();
    return {
      at: performance.now(),
      benchCpuUs: own.user + own.system,
      redisSec: await redisCpuSec(),
      workerTicks: procs.reduce((sum, p) => sum + processTicks(p.child.pid), 0),
      machineBusy: machine.busy,
      machineTotal: machine.total,
      postgresTicks: postgresTicks(),
    };
  };

  const finishedCount = () => db.jobRun.count({ where: { jobName: marker, finishedAt: { not: null } } });

  async function cleanUp(procs: BenchProcess[]) {
    for (const name of allQueueNames())
      await getQueue(name)
        .obliterate({ force: true })
        .catch(() => undefined);
    await db.jobRun.deleteMany({ where: { jobName: marker } });
    const host = os.hostname();
    await db.jobMetricMinute.deleteMany({ where: { OR: procs.map((p) => ({ workerId: { startsWith: `${host}-${p.child.pid}-` } })) } });
  }

  async function measure(workers: number) {
    const runs = runsPerProcess * workers;
    const queue = getQueue(JOBS_QUEUE);
    await queue.pause();
    const enqueueStarted = performance.now();
    for (let i = 0; i < runs; i += 16) {
      await Promise.all(
        Array.from({ length: Math.min(16, runs - i) }, () =>
          enqueueRun(db, {
            kind: "sleep",
            params: { ms: sleepMs },
            priority: "P2",
            complexity: "simple",
            timeoutMs: 60_000,
            trigger: "manual",
            jobName: marker,
          }),
        ),
      );
    }
    const enqueueSec = (performance.now() - enqueueStarted) / 1000;
    const procs = Array.from({ length: workers }, () =>
      startProcess(
        "tests/support/worker-with-test-kinds.ts",
        { QUEUE_PREFIX: prefix, WORKER_CONCURRENCY: String(concurrency), LOG_LEVEL: "info" },
        "worker ready",
      ),
    );
    try {
      await Promise.all(procs.map((p) => p.ready));
      const before = await sample(procs);
      const resumedAt = new Date();
      await queue.resume();
      while ((await finishedCount()) < runs) await new Promise((r) => setTimeout(r, 100));
      const after = await sample(procs);
      const last = await db.jobRun.aggregate({ where: { jobName: marker }, _max: { finishedAt: true } });
      const failed = await db.jobRun.count({ where: { jobName: marker, status: { not: "succeeded" } } });
      const seconds = (last._max.finishedAt!.getTime() - resumedAt.getTime()) / 1000;
      const windowSec = (after.at - before.at) / 1000;
      const perSec = Math.round(runs / seconds);
      const cpu = {
        // Redis is single-threaded: 1.0 is a full core.
        redis_cores: round((after.redisSec - before.redisSec) / windowSec),
        // Mean per process, all its threads (GC, libuv) included; its JavaScript runs on one, so near 1.0 it is saturated.
        worker_core_each: round((after.workerTicks - before.workerTicks) / ticksPerSec / windowSec / workers),
        postgres_cores_all_sessions: round(ticksBetween(before.postgresTicks, after.postgresTicks) / ticksPerSec / windowSec),
        // The bench's own process (polling the run count) takes a share of the same cores.
        bench_process_cores: round((after.benchCpuUs - before.benchCpuUs) / 1e6 / windowSec),
        // What one run costs the workers (job fetch, run record, logs, events, telemetry): free cores ÷ this bounds runs/s.
        worker_cpu_ms_per_run: round(((after.workerTicks - before.workerTicks) / ticksPerSec / runs) * 1000),
        machine_busy_of_all_cores: round((after.machineBusy - before.machineBusy) / (after.machineTotal - before.machineTotal)),
      };
      progress(
        `${workers} worker(s) × concurrency ${concurrency}: ${runs} runs in ${seconds.toFixed(2)} s = ${perSec} runs/s (ideal ${idealPerSec(workers)}), enqueue ${Math.round(runs / enqueueSec)} runs/s, cpu ${JSON.stringify(cpu)}`,
      );
      return {
        workers,
        runs,
        failed,
        seconds: round(seconds),
        per_sec: perSec,
        ideal_per_sec: idealPerSec(workers),
        enqueue_per_sec: Math.round(runs / enqueueSec),
        cpu,
      };
    } finally {
      await Promise.all(procs.map((p) => p.stop()));
      await cleanUp(procs);
    }
  }

  progress(`scale-out, I/O-bound: ${runsPerProcess} runs of sleep(${sleepMs} ms) per worker process, concurrency ${concurrency}, workers ${counts.join("/")}`);
  const results: Awaited<ReturnType<typeof measure>>[] = [];
  try {
    for (const n of counts) results.push(await measure(n));
  } finally {
    // Whatever the workers left under the bench's prefix (heartbeats, metrics, queue meta).
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1_000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  }

  const single = results[0].per_sec;
  const efficiency = Object.fromEntries(results.slice(1).map((r) => [String(r.workers), round(r.per_sec / (r.workers * single))]));
  const limits = Object.fromEntries(results.map((r) => [String(r.workers), limitOf(r.cpu, r.per_sec / r.ideal_per_sec)]));
  console.log(
    JSON.stringify({
      scaleout: {
        io_bound_efficiency: efficiency,
        io_bound: {
          settings: {
            sleep_ms: sleepMs,
            concurrency_per_process: concurrency,
            runs_per_process: runsPerProcess,
            cores: os.cpus().length,
            load_average_1m: round(os.loadavg()[0]),
          },
          runs_per_sec: Object.fromEntries(results.map((r) => [String(r.workers), r.per_sec])),
          ideal_runs_per_sec: Object.fromEntries(results.map((r) => [String(r.workers), r.ideal_per_sec])),
          limit: limits,
          detail: results,
        },
      },
    }),
  );
  await db.$disconnect();
  process.exit(0);
}

const idealPerSec = (workers: number) => Math.round((workers * concurrency * 1000) / sleepMs);
const round = (v: number) => Math.round(v * 100) / 100;

/** The resource nearest its ceiling, named when throughput falls short of the sleep-bound ideal. */
function limitOf(cpu: { redis_cores: number; worker_core_each: number; machine_busy_of_all_cores: number }, ofIdeal: number): string {
  if (ofIdeal >= 0.9) return "none: sleep-bound (within 10% of the ideal)";
  const candidates: Array<[string, number]> = [
    ["machine CPU (all cores busy)", cpu.machine_busy_of_all_cores],
    ["worker process CPU (its JavaScript runs on one thread)", cpu.worker_core_each],
    ["Redis CPU (single thread saturated)", cpu.redis_cores],
  ];
  const [name, share] = candidates.sort((a, b) => b[1] - a[1])[0];
  return `${name}: ${Math.round(share * 100)}% (throughput ${Math.round(ofIdeal * 100)}% of ideal)`;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
