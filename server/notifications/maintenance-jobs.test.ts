import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorkerProcess, type WorkerProcess } from "@/tests/support/worker-process";
import { createTestUser } from "@/tests/support/users";
import { createCaller } from "../api/root";
import type { SessionUser } from "../auth/session";
import { db } from "../db";
import { HOLD_RECHECK_MS } from "../runs/execute-run";
import { createSilenceInput } from "./schemas";
import { clearQueues } from "@/tests/support/clear-queues";

describe("maintenance windows that pause jobs, against a real worker", () => {
  const run = randomUUID().slice(0, 6);
  const held = `maint-${run}`;
  const other = `other-${run}`;
  let operator: SessionUser;
  let worker: WorkerProcess;
  const asOperator = () => createCaller({ db, user: operator, resHeaders: new Headers() });
  // Workers read the pausing windows at most once a second.
  const windowsRead = () => new Promise((r) => setTimeout(r, 1_100));
  const status = async (id: string) => (await db.jobRun.findUniqueOrThrow({ where: { id } })).status;
  // Scans of scopes with no sensors: real runs that finish at once when they start.
  const scan = (region: string, schedule?: { type: "interval"; everyMs: number }) =>
    asOperator().jobs.create({
      name: `test maintenance scan ${region} ${randomUUID().slice(0, 4)}`,
      kind: "anomaly-scan",
      params: { region },
      priority: "P2",
      ...(schedule ? { schedule } : {}),
    });

  beforeAll(async () => {
    operator = (await createTestUser("OPERATOR")).user;
    await clearQueues(db);
    worker = startWorkerProcess({ WORKER_SHUTDOWN_TIMEOUT_MS: "1000", NOTIFY_EVALUATE_MS: "3600000", SCHEDULER_SYNC_MS: "1000" });
    for (const deadline = Date.now() + 45_000; !worker.output().includes('"event":"worker.started"'); ) {
      if (Date.now() > deadline) throw new Error(`worker did not start: ${worker.output().slice(-2_000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  afterAll(async () => {
    worker?.child.kill("SIGTERM");
    await worker?.exited;
    await db.jobDefinition.updateMany({ where: { name: { startsWith: "test maintenance scan" } }, data: { enabled: false } });
    await clearQueues(db);
    await db.$disconnect();
  });

  it("refuses pausing jobs on a plain silence or a window with no region, site or sensor", () => {
    const base = { endsAt: new Date(Date.now() + 60_000), comment: "x" };
    expect(createSilenceInput.safeParse({ ...base, kind: "silence", matchers: { region: [held] }, pauseJobs: true }).error?.issues[0].message).toBe(
      "only a maintenance window can pause jobs",
    );
    expect(createSilenceInput.safeParse({ ...base, kind: "maintenance", matchers: { kind: ["anomaly"] }, pauseJobs: true }).error?.issues[0].message).toMatch(
      /needs a region/,
    );
    expect(createSilenceInput.safeParse({ ...base, kind: "maintenance", matchers: { region: [held] }, pauseJobs: "yes" }).success).toBe(false);
  });

  it("holds the runs scoped to the window's region while it is active and runs them when it ends; other regions run at once", async () => {
    const endsAt = new Date(Date.now() + 8_000);
    const window = await asOperator().notifications.createSilence({
      kind: "maintenance",
      matchers: { region: [held] },
      endsAt,
      pauseJobs: true,
      comment: `mast work ${run}`,
    });
    expect(window.pauseJobs).toBe(true);
    await windowsRead();
    const heldDef = await scan(held);
    const otherDef = await scan(other);
    const heldRun = await asOperator().jobs.runNow({ id: heldDef.id });
    const otherRun = await asOperator().jobs.runNow({ id: otherDef.id });

    await expect.poll(() => status(otherRun.id), { timeout: 10_000, interval: 100 }).toBe("succeeded");
    // Held, not run: still queued, never started, and its log says why.
    await expect
      .poll(async () => JSON.stringify((await db.jobRun.findUniqueOrThrow({ where: { id: heldRun.id } })).logs), { timeout: 5_000, interval: 100 })
      .toContain(`maintenance window \\"mast work ${run}\\"`);
    let row = await db.jobRun.findUniqueOrThrow({ where: { id: heldRun.id } });
    expect(row.status).toBe("queued");
    expect(row.startedAt).toBeNull();

    await expect.poll(() => status(heldRun.id), { timeout: 20_000, interval: 100 }).toBe("succeeded");
    row = await db.jobRun.findUniqueOrThrow({ where: { id: heldRun.id } });
    expect(row.startedAt!.getTime()).toBeGreaterThanOrEqual(endsAt.getTime());
    expect(row.startedAt!.getTime() - endsAt.getTime()).toBeLessThan(5_000);
    // The wait was the window's, not a missed start SLA.
    expect(row.slaBreached).toBe(false);
  }, 60_000);

  it("a window ended early releases its held runs within the recheck interval", async () => {
    const window = await asOperator().notifications.createSilence({
      kind: "maintenance",
      matchers: { region: [held] },
      endsAt: new Date(Date.now() + 3_600_000),
      pauseJobs: true,
      comment: `long work ${run}`,
    });
    await windowsRead();
    const def = await scan(held);
    const heldRun = await asOperator().jobs.runNow({ id: def.id });
    await expect
      .poll(async () => JSON.stringify((await db.jobRun.findUniqueOrThrow({ where: { id: heldRun.id } })).logs), { timeout: 10_000, interval: 100 })
      .toContain("long work");
    expect(await status(heldRun.id)).toBe("queued");
    const endedAt = Date.now();
    await asOperator().notifications.expireSilence({ id: window.id });
    await expect.poll(() => status(heldRun.id), { timeout: HOLD_RECHECK_MS + 10_000, interval: 200 }).toBe("succeeded");
    expect(Date.now() - endedAt).toBeLessThan(HOLD_RECHECK_MS + 5_000);
  }, 60_000);

  it("a window that does not pause jobs holds nothing, and a scheduled scan under a pausing window is skipped, not piled up", async () => {
    await asOperator().notifications.createSilence({
      kind: "maintenance",
      matchers: { region: [other] },
      endsAt: new Date(Date.now() + 3_600_000),
      comment: `notify only ${run}`,
    });
    await windowsRead();
    const free = await asOperator().jobs.runNow({ id: (await scan(other)).id });
    await expect.poll(() => status(free.id), { timeout: 10_000, interval: 100 }).toBe("succeeded");

    await asOperator().notifications.createSilence({
      kind: "maintenance",
      matchers: { region: [held] },
      endsAt: new Date(Date.now() + 3_600_000),
      pauseJobs: true,
      comment: `scheduled work ${run}`,
    });
    await windowsRead();
    const scheduled = await scan(held, { type: "interval", everyMs: 1_000 });
    await expect
      .poll(() => db.jobRun.count({ where: { definitionId: scheduled.id, status: "cancelled" } }), { timeout: 20_000, interval: 200 })
      .toBeGreaterThanOrEqual(2);
    const runs = await db.jobRun.findMany({ where: { definitionId: scheduled.id } });
    expect(runs.filter((r) => r.status === "succeeded" || r.startedAt !== null)).toEqual([]);
    expect(JSON.stringify(runs[0].result)).toContain("scheduled work");
  }, 60_000);
});
