import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testInflux, writeReadings } from "@/tests/support/influx-readings";
import { createTestUser } from "@/tests/support/users";
import { startWorkerProcess, type WorkerProcess } from "@/tests/support/worker-process";
import { createCaller } from "../api/root";
import { db } from "../db";

describe("report jobs through the job control plane", () => {
  let worker: WorkerProcess;
  beforeAll(() => {
    worker = startWorkerProcess({ SCHEDULER_SYNC_MS: "60000" });
  });
  afterAll(async () => {
    worker.child.kill("SIGTERM");
    await worker.exited;
    await db.$disconnect();
  });

  it("the seeded report and rollup jobs run on a worker and leave reports behind", async () => {
    await expect.poll(() => worker.output(), { timeout: 20_000 }).toContain('"event":"worker.started"');
    const tag = `rep-job-${randomUUID().slice(0, 8)}`;
    await db.sensor.updateMany({ where: { key: { startsWith: "rep-" } }, data: { state: "retired" } });
    await db.reportWindow.deleteMany();
    await db.report.deleteMany();
    await db.sensor.create({
      data: { key: tag, name: tag, quantity: "flow", unit: "l/s", infraType: "water_network", region: tag, site: "s", intervalSeconds: 60 },
    });
    const now = Date.now();
    await writeReadings(
      await testInflux(),
      Array.from({ length: 30 }, (_, i) => ({ sensor: tag, time: now - (i + 1) * 60_000, value: i })),
    );

    const operator = createCaller({ db, user: (await createTestUser("OPERATOR")).user, resHeaders: new Headers() });
    for (const name of ["Infrastructure report", "Hourly report rollup"]) {
      const definition = await db.jobDefinition.findUniqueOrThrow({ where: { name } });
      const run = await operator.jobs.runNow({ id: definition.id });
      await expect.poll(async () => (await db.jobRun.findUnique({ where: { id: run.id } }))?.status, { timeout: 30_000, interval: 200 }).toBe("succeeded");
    }
    const reports = await db.report.findMany({ where: { region: tag, resolution: "5m" } });
    expect(reports.length).toBeGreaterThanOrEqual(5);
    expect(reports.reduce((n, r) => n + r.readings, 0)).toBeGreaterThanOrEqual(20);
  }, 60_000);
});
