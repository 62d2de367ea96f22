import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestUser } from "@/tests/support/users";
import { createCaller } from "../api/root";
import type { SessionUser } from "../auth/session";
import { db } from "../db";
import { runRetentionPurge } from "./run-retention-purge";

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY);
let tag: string;

async function seedMetrics(oldRows: number, youngRows: number) {
  const row = (minute: Date, i: number) => ({
    minute,
    workerId: tag,
    queue: "q",
    priority: "P2",
    kind: `k${i}`,
    completed: 1,
    failed: 0,
    records: 0,
    slaBreaches: 0,
    waitBuckets: [],
    runBuckets: [],
  });
  await db.jobMetricMinute.createMany({
    data: [...Array.from({ length: oldRows }, (_, i) => row(ago(366), i)), ...Array.from({ length: youngRows }, (_, i) => row(ago(364), i))],
  });
}
const metricsLeft = async () => ({
  old: await db.jobMetricMinute.count({ where: { workerId: tag, minute: { lt: ago(365) } } }),
  young: await db.jobMetricMinute.count({ where: { workerId: tag, minute: { gte: ago(365) } } }),
});

describe("retention", () => {
  let operator: SessionUser;
  const caller = () => createCaller({ db, user: operator, resHeaders: new Headers() });
  beforeAll(async () => {
    operator = (await createTestUser("OPERATOR")).user;
  });
  beforeEach(async () => {
    tag = `retention-${randomUUID().slice(0, 8)}`;
    await db.retentionPolicy.deleteMany();
  });
  afterAll(() => db.$disconnect());

  it("refuses a period outside the class's range, naming the range", async () => {
    await expect(caller().retention.update({ dataClass: "metrics_history", days: 30 })).rejects.toThrow(
      "Metrics history must be kept between 90 and 730 days (got 30).",
    );
    await expect(caller().retention.update({ dataClass: "run_results", days: 400 })).rejects.toThrow("between 30 and 365 days");
    await expect(caller().retention.update({ dataClass: "no_such_class", days: 100 })).rejects.toThrow(/Unknown data class/);
    expect(await db.retentionPolicy.count()).toBe(0);
  });

  it("asks for confirmation before shortening, with the number of records it removes, and audits the change", async () => {
    await seedMetrics(3, 2);
    const preview = await caller().retention.preview({ dataClass: "metrics_history", days: 200 });
    expect(preview).toMatchObject({ shortening: true, currentDays: 365 });
    expect(preview.willRemove).toBeGreaterThanOrEqual(5); // at least this test's rows, all older than 200 days
    await expect(caller().retention.update({ dataClass: "metrics_history", days: 200 })).rejects.toThrow(/confirm to proceed/);
    expect(await db.retentionPolicy.count()).toBe(0);

    await caller().retention.update({ dataClass: "metrics_history", days: 200, confirmRemoval: true });
    expect((await caller().retention.list()).find((p) => p.dataClass === "metrics_history")?.days).toBe(200);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "retention.update", targetId: "metrics_history" }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ actorId: operator.id, before: { days: 365 }, after: { days: 200 } });
  });

  it("purges each class by its policy and touches nothing younger", async () => {
    await seedMetrics(4, 3);
    const auditIds = await db.$transaction([
      db.auditEvent.create({ data: { action: `test.${tag}`, at: ago(731) } }),
      db.auditEvent.create({ data: { action: `test.${tag}`, at: ago(729) } }),
    ]);
    const dry = await runRetentionPurge(db, { dryRun: true });
    expect(dry.classes.find((c) => c.dataClass === "metrics_history")!.removed).toBeGreaterThanOrEqual(4);
    expect(await metricsLeft()).toEqual({ old: 4, young: 3 }); // a dry run deletes nothing

    const result = await runRetentionPurge(db, {});
    expect(result.classes.map((c) => c.dataClass).sort()).toEqual([
      "audit_trail",
      "dead_letters",
      "logger_files",
      "metrics_history",
      "raw_readings",
      "readings_exports",
      "reports_5m",
      "reports_daily",
      "reports_hourly",
      "run_logs",
      "run_results",
    ]);
    expect(await metricsLeft()).toEqual({ old: 0, young: 3 });
    const remaining = await db.auditEvent.findMany({ where: { action: `test.${tag}` } });
    expect(remaining.map((r) => r.id)).toEqual([auditIds[1].id]);
  });

  it("lets only ADMIN change the audit trail's period, never below 365 days", async () => {
    await expect(caller().retention.update({ dataClass: "audit_trail", days: 800 })).rejects.toThrow(
      "Only an administrator may change how long the audit trail is kept.",
    );
    expect(await db.retentionPolicy.count()).toBe(0);
    const admin = (await createTestUser("ADMIN")).user;
    const asAdmin = createCaller({ db, user: admin, resHeaders: new Headers() });
    await expect(asAdmin.retention.update({ dataClass: "audit_trail", days: 364, confirmRemoval: true })).rejects.toThrow("between 365 and 2555 days");
    await asAdmin.retention.update({ dataClass: "audit_trail", days: 800 });
    expect((await caller().retention.list()).find((p) => p.dataClass === "audit_trail")).toMatchObject({ days: 800, adminOnly: true });
    expect((await caller().retention.list()).find((p) => p.dataClass === "metrics_history")).toMatchObject({ adminOnly: false });
  });

  it("keeps a year of audit trail even when a shorter period is stored, and the database refuses to delete a younger event", async () => {
    await db.retentionPolicy.create({ data: { dataClass: "audit_trail", days: 30 } });
    expect((await caller().retention.list()).find((p) => p.dataClass === "audit_trail")?.days).toBe(365);
    const [old, young] = await db.$transaction([
      db.auditEvent.create({ data: { action: `test.${tag}`, at: ago(366) } }),
      db.auditEvent.create({ data: { action: `test.${tag}`, at: ago(100) } }),
    ]);
    await runRetentionPurge(db, { dataClasses: ["audit_trail"] });
    expect((await db.auditEvent.findMany({ where: { action: `test.${tag}` } })).map((r) => r.id)).toEqual([young.id]);
    expect(old.id).toBeLessThan(young.id);
    await expect(
      db.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT set_config('gristmill.audit_purge', 'on', true)`;
        await tx.auditEvent.delete({ where: { id: young.id } });
      }),
    ).rejects.toThrow(/younger than 365 days/);
    expect(await db.auditEvent.count({ where: { id: young.id } })).toBe(1);
  });

  it("deletes finished readings exports past their period with their zip chunks, and none still being written", async () => {
    const deadRun = await db.jobRun.create({
      data: { id: `${tag}-dead-export`, kind: "readings-export", params: {}, priority: "P2", queue: "heavy", trigger: "manual", status: "dead" },
    });
    const liveRun = await db.jobRun.create({
      data: { id: `${tag}-live-export`, kind: "readings-export", params: {}, priority: "P2", queue: "heavy", trigger: "manual", status: "running" },
    });
    const exportRow = (status: "succeeded" | "failed" | "running", days: number, runId?: string) => ({
      requestedBy: tag,
      params: {},
      status,
      runId,
      createdAt: ago(days),
    });
    const rows = [
      exportRow("succeeded", 15),
      exportRow("failed", 15),
      exportRow("running", 15, liveRun.id),
      exportRow("running", 15, deadRun.id),
      exportRow("succeeded", 13),
    ];
    const created = [];
    for (const data of rows) created.push(await db.readingsExport.create({ data }));
    // 150 chunks for the big one: more than one batch of chunk deletes.
    await db.readingsExportChunk.createMany({
      data: created.flatMap((e, n) => Array.from({ length: n === 0 ? 150 : 2 }, (_, seq) => ({ exportId: e.id, seq, data: Buffer.from("zip") }))),
    });
    const dry = await runRetentionPurge(db, { dryRun: true, dataClasses: ["readings_exports"] });
    expect(dry.classes.map((c) => [c.dataClass, c.removed])).toEqual([["readings_exports", 3]]);
    await runRetentionPurge(db, { dataClasses: ["readings_exports"] });
    const left = await db.readingsExport.findMany({ where: { requestedBy: tag }, orderBy: { createdAt: "asc" } });
    // The one a running job writes stays; the one whose run died goes.
    expect(left.map((e) => [e.status, e.runId, Math.round((Date.now() - e.createdAt.getTime()) / DAY)])).toEqual([
      ["running", liveRun.id, 15],
      ["succeeded", null, 13],
    ]);
    const chunksLeft = await db.readingsExportChunk.groupBy({ by: ["exportId"], where: { exportId: { in: created.map((e) => e.id) } }, _count: true });
    expect(chunksLeft.map((c) => [c.exportId, c._count]).sort()).toEqual(
      [
        [created[2].id, 2],
        [created[4].id, 2],
      ].sort(),
    );
  });

  it("empties old run logs, deletes old runs and dead letters, and keeps a dead letter's run while it lives", async () => {
    const run = (id: string, finishedDaysAgo: number) => ({
      id: `${tag}-${id}`,
      kind: "noop",
      params: {},
      priority: "P2" as const,
      queue: "q",
      trigger: "manual" as const,
      finishedAt: ago(finishedDaysAgo),
      logs: [{ message: "line" }],
    });
    await db.jobRun.createMany({ data: [run("fresh", 1), run("old-logs", 31), run("old", 91), run("old-dead", 91), run("older-dead", 200)] });
    await db.deadLetter.createMany({
      data: [
        { runId: `${tag}-old-dead`, kind: "noop", params: {}, lastError: "x", errorGroup: "x", attempts: 1, createdAt: ago(59) },
        { runId: `${tag}-older-dead`, kind: "noop", params: {}, lastError: "x", errorGroup: "x", attempts: 1, createdAt: ago(61) },
      ],
    });
    const dry = await runRetentionPurge(db, { dryRun: true });
    const removedBy = (cls: string, r: typeof dry) => r.classes.find((c) => c.dataClass === cls)!.removed;
    expect(removedBy("run_logs", dry)).toBeGreaterThanOrEqual(4);
    expect(await db.jobRun.count({ where: { id: { startsWith: tag } } })).toBe(5);

    await runRetentionPurge(db, {});
    const runs = await db.jobRun.findMany({ where: { id: { startsWith: tag } }, orderBy: { id: "asc" } });
    // older-dead: its dead letter expired (61 > 60 days), then the run (200 > 90 days) went too.
    expect(runs.map((r) => [r.id.slice(tag.length + 1), (r.logs as unknown[]).length])).toEqual([
      ["fresh", 1],
      ["old-dead", 0],
      ["old-logs", 0],
    ]);
    expect((await db.deadLetter.findMany({ where: { runId: { startsWith: tag } } })).map((d) => d.runId)).toEqual([`${tag}-old-dead`]);
  });

  it("a purge interrupted half-way and run again ends in the same state", async () => {
    await seedMetrics(250, 5);
    let checks = 0;
    const interruptAfterFirstBatch = {
      get aborted() {
        return ++checks > 1;
      },
    } as AbortSignal;
    await expect(runRetentionPurge(db, { batchSize: 100, dataClasses: ["metrics_history"], signal: interruptAfterFirstBatch })).rejects.toThrow(/aborted/);
    const partial = await metricsLeft();
    expect(partial.old).toBeGreaterThan(0);
    expect(partial.old).toBeLessThan(250);

    await runRetentionPurge(db, { batchSize: 100 });
    expect(await metricsLeft()).toEqual({ old: 0, young: 5 });
    await runRetentionPurge(db, { batchSize: 100 }); // and once more changes nothing
    expect(await metricsLeft()).toEqual({ old: 0, young: 5 });
  });

  it("expires reports per resolution by their own policies, with their sensor rows and window bookkeeping", async () => {
    const report = (resolution: string, at: Date) => ({
      resolution,
      windowStart: at,
      windowEnd: at,
      infraType: tag,
      region: "r",
      sensorCount: 1,
      readings: 1,
      expected: 1,
      sensorsOk: 1,
      sensorsLate: 0,
      sensorsSilent: 0,
      alertsWarning: 0,
      alertsCritical: 0,
      sensors: { create: { sensorKey: `${tag}-s`, readings: 1, expected: 1, status: "ok", alertsWarning: 0, alertsCritical: 0 } },
    });
    // Each class on both sides of its default cut: 5m 30 d, 1h 180 d, 1d and coarser 1825 d.
    const fixtures = [
      ["5m", 31],
      ["5m", 29],
      ["1h", 181],
      ["1h", 179],
      ["1d", 1826],
      ["1d", 1824],
      ["1w", 1830],
      ["1mo", 1800],
    ] as const;
    const times = fixtures.map(([, days]) => ago(days));
    for (const [i, [resolution]] of fixtures.entries()) {
      await db.report.create({ data: report(resolution, times[i]) });
      await db.reportWindow.create({ data: { resolution, windowStart: times[i], windowEnd: times[i], generatedAt: new Date() } });
    }
    const left = async () =>
      (await db.report.findMany({ where: { infraType: tag }, orderBy: { windowStart: "desc" } })).map(
        (r) => `${r.resolution}:${Math.round((Date.now() - r.windowStart.getTime()) / DAY)}`,
      );

    const dry = await runRetentionPurge(db, { dryRun: true, dataClasses: ["reports_5m", "reports_hourly", "reports_daily"] });
    expect(dry.classes.map((c) => [c.dataClass, c.removed >= 1])).toEqual([
      ["reports_5m", true],
      ["reports_hourly", true],
      ["reports_daily", true],
    ]);
    expect(await left()).toHaveLength(8);

    await runRetentionPurge(db, { dataClasses: ["reports_5m", "reports_hourly", "reports_daily"] });
    expect(await left()).toEqual(["5m:29", "1h:179", "1mo:1800", "1d:1824"]);
    expect(await db.reportSensor.count({ where: { sensorKey: `${tag}-s` } })).toBe(4);
    const windowsLeft = await db.reportWindow.findMany({ where: { windowStart: { in: times } } });
    expect(windowsLeft.map((w) => w.resolution).sort()).toEqual(["1d", "1h", "1mo", "5m"]);
  });
});
