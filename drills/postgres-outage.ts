import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import { startProcess } from "../bench/support/processes";
import { env } from "../server/env";
import { JOBS_QUEUE } from "../server/queues/queues";
import { createRedis } from "../server/redis";
import { prepareDatabase } from "../scripts/services/database";
import { startLocalCluster } from "../scripts/services/postgres";
import { sleep, waitUntil, type DrillResult } from "./support";

const health = (base: string) => fetch(`${base}/api/health`).then(async (r) => ({ status: r.status, body: (await r.json()) as { down: string[] } }));

/** Stop PostgreSQL for 30 s under a running console and worker: a clear degraded state, no crash, full recovery. */
export async function postgresOutageDrill(outageMs = 30_000): Promise<DrillResult> {
  const databaseUrl = "postgresql://postgres@127.0.0.1:5440/gristmill_drill";
  let cluster = await startLocalCluster(databaseUrl, "drill-postgres");
  await prepareDatabase({ DATABASE_URL: databaseUrl }, true);
  const port = 3990;
  const base = `http://127.0.0.1:${port}`;
  const prefix = `drill-${randomUUID().slice(0, 8)}`;
  const procEnv = { DATABASE_URL: databaseUrl, QUEUE_PREFIX: prefix, PORT: String(port), LOG_LEVEL: "info", TELEMETRY_FLUSH_MS: "1000" };
  const web = startProcess("server/main.ts", procEnv, "console listening");
  const worker = startProcess("tests/support/worker-with-test-kinds.ts", procEnv, "worker ready");
  const queue = new Queue(JOBS_QUEUE, { connection: createRedis("bullmq"), prefix });
  try {
    await Promise.all([web.ready, worker.ready]);
    const login = await fetch(`${base}/api/trpc/auth.login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { email: env().DEMO_ADMIN_EMAIL, password: env().DEMO_ADMIN_PASSWORD } }),
    });
    const cookie = login.headers.get("set-cookie")?.split(";")[0] ?? "";
    const healthyBefore = (await health(base)).status === 200;

    await cluster.stop();
    const downAt = Date.now();
    await waitUntil("health to name postgres", async () => (await health(base)).body.down.includes("postgres"), 5_000);
    const detectMs = Date.now() - downAt;
    const page = await fetch(`${base}/`, { headers: { cookie }, redirect: "manual" });
    const duringOutage = 50;
    await queue.addBulk(Array.from({ length: duringOutage }, () => ({ name: "noop", data: { params: {} } })));
    await sleep(outageMs);
    const webAlive = web.child.exitCode === null && worker.child.exitCode === null;

    cluster = await startLocalCluster(databaseUrl, "drill-postgres");
    await waitUntil("health back to 200", async () => (await health(base)).status === 200, 30_000);
    await waitUntil("jobs from the outage done", async () => (await queue.getJobCounts("completed")).completed >= duringOutage, 30_000);
    const afterLogin = await fetch(`${base}/api/trpc/auth.me`, { headers: { cookie } }).then((r) => r.status);
    const counts = await queue.getJobCounts("completed", "failed");
    const pass = healthyBefore && webAlive && page.status >= 500 && afterLogin === 200 && counts.completed === duringOutage && counts.failed === 0;
    return {
      drill: "PostgreSQL stopped for 30 s",
      pass,
      counts: {
        detect_ms: detectMs,
        console_status_during_outage: page.status,
        processes_alive: webAlive ? 1 : 0,
        jobs_during_outage: duringOutage,
        completed: counts.completed,
        failed: counts.failed,
        session_valid_after: afterLogin === 200 ? 1 : 0,
      },
      note: "During the outage /api/health answers 503 naming postgres and console pages show the degraded notice; nothing crashed.",
    };
  } finally {
    await Promise.all([web.stop(), worker.stop()]);
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await cluster.stop();
  }
}
