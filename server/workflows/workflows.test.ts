import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startWorkerProcess, type WorkerProcess } from "@/tests/support/worker-process";
import { createTestUser } from "@/tests/support/users";
import { createCaller } from "../api/root";
import type { SessionUser } from "../auth/session";
import { db } from "../db";
import { sharedRedis } from "../redis";
import { demoJobDefinitions, seedDemoWorkflows } from "@/prisma/seed";
import { saveJobDefinition } from "../jobs/save-job-definition";
import { advanceWorkflows, adoptWorkflowRoots } from "./advance-workflows";

const workers: WorkerProcess[] = [];
const tag = randomUUID().slice(0, 6);
const nodesOf = async (workflowRunId: string) =>
  Object.fromEntries((await db.jobRun.findMany({ where: { workflowRunId }, orderBy: { queuedAt: "asc" } })).map((r) => [r.jobName?.replace(` ${tag}`, ""), r]));
const workflowOf = (rootRunId: string) => db.workflowRun.findUnique({ where: { rootRunId } });

describe("workflows", () => {
  let operator: SessionUser;
  let engineer: SessionUser;
  let stakeholder: SessionUser;
  const as = (user: SessionUser) => createCaller({ db, user, resHeaders: new Headers() });
  const job = (name: string, kind: string, params: Record<string, unknown> = {}) =>
    as(operator).jobs.create({ name: `test wf ${name} ${tag}`, kind, params, maxAttempts: 1 });
  const dependOn = (definitionId: string, upstream: Array<{ definitionId: string; condition?: "success" | "failure" | "any" }>, fanOut?: "region") =>
    as(operator).workflows.setDependencies({ definitionId, upstream, fanOut });

  beforeAll(async () => {
    operator = (await createTestUser("OPERATOR")).user;
    engineer = (await createTestUser("ENGINEER")).user;
    stakeholder = (await createTestUser("STAKEHOLDER")).user;
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
    await db.jobDefinition.deleteMany({ where: { name: { startsWith: "test wf " } } });
    await db.$disconnect();
  });

  it("the seed's workflow: the hourly rollup runs after each successful 5-minute report", async () => {
    // Other suites may have replaced the seeded jobs (jobs files with prune): seed them again where missing.
    for (const fields of demoJobDefinitions().filter((d) => d.name === "Infrastructure report" || d.name === "Hourly report rollup")) {
      if (!(await db.jobDefinition.findUnique({ where: { name: fields.name } }))) await saveJobDefinition(db, { fields, changedBy: "seed" });
    }
    const rollup = await db.jobDefinition.findUniqueOrThrow({ where: { name: "Hourly report rollup" } });
    const report = await db.jobDefinition.findUniqueOrThrow({ where: { name: "Infrastructure report" } });
    await seedDemoWorkflows();
    expect(await as(engineer).workflows.dependencies({ definitionId: rollup.id })).toMatchObject({ upstream: [{ id: report.id, condition: "success" }] });
    expect(demoJobDefinitions().find((d) => d.name === "Hourly report rollup")?.schedule).toBeUndefined();
  });

  it("refuses a cycle, an unknown upstream, a fan-out its kind cannot take, and hostile input; only operators edit", async () => {
    const a = await job("cyc-a", "noop");
    const b = await job("cyc-b", "noop");
    const c = await job("cyc-c", "noop");
    await dependOn(b.id, [{ definitionId: a.id }]);
    await dependOn(c.id, [{ definitionId: b.id }]);
    await expect(dependOn(a.id, [{ definitionId: c.id }])).rejects.toThrow(/cycle: .*cyc-a.* → .*cyc-b.* → .*cyc-c.* → .*cyc-a/);
    await expect(dependOn(a.id, [{ definitionId: a.id }])).rejects.toThrow(/cannot depend on itself/);
    await expect(dependOn(a.id, [{ definitionId: "nope" }])).rejects.toThrow(/Unknown upstream job/);
    await expect(dependOn(b.id, [{ definitionId: a.id }], "region")).rejects.toThrow(/cannot fan out over region/);
    await expect(
      dependOn(
        a.id,
        Array.from({ length: 21 }, (_, i) => ({ definitionId: `d${i}` })),
      ),
    ).rejects.toThrow(/at most 20/);
    await expect(dependOn(b.id, [{ definitionId: a.id }, { definitionId: a.id }])).rejects.toThrow(/Each upstream job once/);
    await expect(dependOn("x".repeat(65), [])).rejects.toThrow();
    await expect(
      as(operator).workflows.setDependencies({ definitionId: b.id, upstream: [{ definitionId: a.id, condition: "maybe" as "any" }] }),
    ).rejects.toThrow();
    await expect(as(engineer).workflows.setDependencies({ definitionId: b.id, upstream: [] })).rejects.toThrow(/needs one of the roles: ADMIN, OPERATOR/);
    await expect(as(stakeholder).workflows.dependencies({ definitionId: b.id })).rejects.toThrow();
    // The refused saves changed nothing.
    expect(await as(engineer).workflows.dependencies({ definitionId: a.id })).toMatchObject({ upstream: [], downstream: [{ id: b.id, condition: "success" }] });
    await db.jobDefinition.deleteMany({ where: { id: { in: [a.id, b.id, c.id] } } });
  });

  it("with a real worker: a 3-node chain runs in order; failure and any edges; a retried failed node lets its downstream continue", async () => {
    const flag = `wf-${tag}`;
    await sharedRedis().set(`test:flag:${flag}`, "1");
    const a = await job("A", "noop");
    const b = await job("B", "fail-while-flagged", { flag });
    const c = await job("C", "noop");
    const onFail = await job("onFail", "noop");
    const always = await job("always", "noop");
    await dependOn(b.id, [{ definitionId: a.id }]);
    await dependOn(c.id, [{ definitionId: b.id }]);
    await dependOn(onFail.id, [{ definitionId: b.id, condition: "failure" }]);
    await dependOn(always.id, [{ definitionId: b.id, condition: "any" }]);
    const worker = startWorkerProcess({ WORKFLOW_SWEEP_MS: "200" });
    workers.push(worker);

    const root = await as(operator).jobs.runNow({ id: a.id });
    await expect.poll(async () => (await workflowOf(root.id))?.status, { timeout: 30_000, interval: 200 }).toBe("failed");
    const wf = (await workflowOf(root.id))!;
    let runs = await nodesOf(wf.id);
    expect(Object.keys(runs).sort()).toEqual(["test wf A", "test wf B", "test wf always", "test wf onFail"]);
    expect(runs["test wf B"].status).toBe("dead");
    expect(runs["test wf A"].finishedAt!.getTime()).toBeLessThanOrEqual(runs["test wf B"].queuedAt.getTime());
    expect(runs["test wf B"].finishedAt!.getTime()).toBeLessThanOrEqual(runs["test wf onFail"].queuedAt.getTime());
    const graph = await as(engineer).workflows.get({ id: wf.id });
    expect(Object.fromEntries(graph.nodes.map((n) => [n.name.replace(` ${tag}`, ""), n.state]))).toEqual({
      "test wf A": "succeeded",
      "test wf B": "failed",
      "test wf C": "skipped",
      "test wf onFail": "succeeded",
      "test wf always": "succeeded",
    });

    // Only a failed node can be retried, by an engineer; fixing the cause and retrying B lets C run.
    await expect(as(engineer).workflows.retryNode({ workflowRunId: wf.id, definitionId: a.id })).rejects.toThrow(/Only a failed node/);
    await expect(as(stakeholder).workflows.retryNode({ workflowRunId: wf.id, definitionId: b.id })).rejects.toThrow();
    await sharedRedis().del(`test:flag:${flag}`);
    const retried = await as(engineer).workflows.retryNode({ workflowRunId: wf.id, definitionId: b.id });
    expect(retried.runs).toHaveLength(1);
    await expect.poll(async () => (await workflowOf(root.id))?.status, { timeout: 30_000, interval: 200 }).toBe("succeeded");
    runs = await nodesOf(wf.id);
    expect(runs["test wf C"].status).toBe("succeeded");
    expect(runs["test wf B"]).toMatchObject({ status: "succeeded", trigger: "rerun", triggeredBy: engineer.email });
    expect(runs["test wf C"].queuedAt.getTime()).toBeGreaterThanOrEqual(runs["test wf B"].finishedAt!.getTime());
    // onFail and always ran once: a node starts once per workflow instance.
    expect(await db.jobRun.count({ where: { workflowRunId: wf.id, definitionId: { in: [onFail.id, always.id] } } })).toBe(2);
  }, 90_000);

  it("exactly once: two sweeps seeing the two upstreams of a join end at once start it once; fan-out makes one child per region", async () => {
    const a = await job("join-a", "noop");
    const b = await job("join-b", "noop");
    const fan = await job("fan", "anomaly-scan", {});
    const joined = await job("joined", "noop");
    await dependOn(b.id, [{ definitionId: a.id }]);
    await dependOn(fan.id, [{ definitionId: a.id }], "region");
    await dependOn(joined.id, [
      { definitionId: b.id, condition: "any" },
      { definitionId: fan.id, condition: "any" },
    ]);
    for (const region of [`north-${tag}`, `south-${tag}`])
      await db.sensor.create({
        data: { key: `wf-${region}`, name: region, quantity: "wind_speed", unit: "m/s", infraType: "wind_mast", region, site: region, intervalSeconds: 600 },
      });
    const root = await as(operator).jobs.runNow({ id: a.id });
    // No worker here: this test plays the worker's part by closing runs itself, so both sweeps race on the same state.
    await Promise.all([adoptWorkflowRoots(db), adoptWorkflowRoots(db)]);
    const wf = (await workflowOf(root.id))!;
    expect(await db.workflowRun.count({ where: { rootRunId: root.id } })).toBe(1);
    const finish = (where: object) =>
      db.jobRun.updateMany({ where: { workflowRunId: wf.id, ...where }, data: { status: "succeeded", finishedAt: new Date() } });
    await finish({ definitionId: a.id });
    await Promise.all([advanceWorkflows(db), advanceWorkflows(db)]);
    const regions = (await db.sensor.findMany({ where: { state: "active" }, distinct: ["region"], select: { region: true } })).map((s) => s.region).sort();
    const children = await db.jobRun.findMany({ where: { workflowRunId: wf.id, definitionId: fan.id } });
    expect(regions).toEqual(expect.arrayContaining([`north-${tag}`, `south-${tag}`]));
    expect(children.map((c) => c.fanOutKey).sort()).toEqual(regions);
    for (const child of children) expect((child.params as { region?: string }).region).toBe(child.fanOutKey);
    expect(await db.jobRun.count({ where: { workflowRunId: wf.id, definitionId: b.id } })).toBe(1);
    // Both upstreams of the join end together; two workers sweep at the same moment, five times over.
    await finish({ definitionId: { in: [b.id, fan.id] } });
    for (let i = 0; i < 5; i++) await Promise.all([advanceWorkflows(db), advanceWorkflows(db)]);
    expect(await db.jobRun.count({ where: { workflowRunId: wf.id, definitionId: joined.id } })).toBe(1);
    await finish({ definitionId: joined.id });
    await advanceWorkflows(db);
    expect((await workflowOf(root.id))?.status).toBe("succeeded");
    await db.sensor.deleteMany({ where: { key: { in: [`wf-north-${tag}`, `wf-south-${tag}`] } } });
  });
});
