import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { parse } from "yaml";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestUser } from "@/tests/support/users";
import { createCaller } from "../api/root";
import { db } from "../db";
import type { JobDefinition, JobDefinitionVersion } from "../db/generated/client";
import type { Prisma } from "../db/generated/client";
import { DomainError } from "../errors";
import { closeSharedRedis } from "../redis";
import { applyJobsConfig } from "./apply-jobs-config";
import { exportJobsConfig } from "./export-jobs-config";
import { JOBS_CONFIG_MAX_BYTES } from "./jobs-config-format";
import { saveJobDefinition } from "./save-job-definition";

const exec = promisify(execFile);
const actor = { email: "cli:test@host" };
const apply = (text: string, options: { dryRun?: boolean; prune?: boolean; expectedBasis?: string } = {}) =>
  applyJobsConfig(db, { text, prune: options.prune ?? false, dryRun: options.dryRun ?? false, actor, source: "cli", expectedBasis: options.expectedBasis });

async function snapshot() {
  const [definitions, versions, audit] = await Promise.all([
    db.jobDefinition.findMany({ orderBy: { name: "asc" } }),
    db.jobDefinitionVersion.count(),
    db.auditEvent.count({ where: { action: "jobs.applyConfig" } }),
  ]);
  return { definitions, versions, audit };
}

async function refused(text: string): Promise<string> {
  const before = await snapshot();
  const err = await apply(text).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  expect((err as DomainError).code).toBe("INVALID");
  expect(await snapshot(), "nothing is written").toEqual(before);
  return (err as DomainError).message;
}

const file = (jobs: unknown[]) => JSON.stringify({ version: 1, jobs });
const sleepJob = (name: string, extra: Record<string, unknown> = {}) => ({ name, kind: "sleep", params: { ms: 5 }, ...extra });

describe("job definitions as a YAML file (real PostgreSQL)", () => {
  // The file is the whole table, so these tests own it; the seeded definitions later test files run are put back after.
  let seeded: { definitions: JobDefinition[]; versions: JobDefinitionVersion[] };
  beforeAll(async () => {
    seeded = { definitions: await db.jobDefinition.findMany(), versions: await db.jobDefinitionVersion.findMany() };
  });
  beforeEach(async () => {
    await db.jobDefinition.deleteMany();
    await saveJobDefinition(db, {
      fields: { name: "b-interval", kind: "sleep", params: { ms: 10 }, priority: "P3", schedule: { type: "interval", everyMs: 60_000 } },
      changedBy: "seed",
    });
    await saveJobDefinition(db, {
      fields: { name: "a-cron", kind: "noop", schedule: { type: "cron", cron: "*/5 * * * *", timeZone: "Europe/Paris" }, maxAttempts: 3, enabled: false },
      changedBy: "seed",
    });
    await saveJobDefinition(db, {
      fields: { name: "c-manual", kind: "sleep", params: { ms: 1 }, complexity: "complex", timeoutMs: 60_000 },
      changedBy: "seed",
    });
  });
  afterAll(async () => {
    await db.jobDefinition.deleteMany();
    await db.jobDefinition.createMany({ data: seeded.definitions.map((d) => ({ ...d, params: d.params as Prisma.InputJsonValue })) });
    await db.jobDefinitionVersion.createMany({ data: seeded.versions.map((v) => ({ ...v, snapshot: v.snapshot as Prisma.InputJsonValue })) });
    closeSharedRedis();
    await db.$disconnect();
  });

  it("exports a stable file sorted by name with only the fields that define a job", async () => {
    const { yaml } = await exportJobsConfig(db);
    expect((await exportJobsConfig(db)).yaml).toBe(yaml);
    const doc = parse(yaml) as { version: number; jobs: Array<Record<string, unknown>> };
    expect(doc.version).toBe(1);
    expect(doc.jobs.map((j) => j.name)).toEqual(["a-cron", "b-interval", "c-manual"]);
    expect(Object.keys(doc.jobs[0])).toEqual([
      "name",
      "kind",
      "enabled",
      "priority",
      "complexity",
      "schedule",
      "timeoutMs",
      "maxAttempts",
      "scopeWeight",
      "deadlineMs",
      "params",
    ]);
    expect(doc.jobs[0]).toMatchObject({ enabled: false, maxAttempts: 3, schedule: { type: "cron", cron: "*/5 * * * *", timeZone: "Europe/Paris" } });
    expect(doc.jobs[1]).toMatchObject({ priority: "P3", schedule: { type: "interval", everyMs: 60_000 }, params: { ms: 10 } });
  });

  it("applying its own export changes nothing: no version, no audit row", async () => {
    const before = await snapshot();
    const result = await apply((await exportJobsConfig(db)).yaml);
    expect(result.applied).toBe(false);
    expect(result.plan.counts).toEqual({ create: 0, update: 0, unchanged: 3, delete: 0 });
    expect(await snapshot()).toEqual(before);
  });

  it("creates and updates with an exact diff, as new versions, audited with the CLI actor", async () => {
    const doc = parse((await exportJobsConfig(db)).yaml) as { jobs: Array<Record<string, unknown>> };
    doc.jobs[1].priority = "P1";
    doc.jobs[1].params = { ms: 20 };
    doc.jobs[0].schedule = { type: "cron", cron: "0 * * * *", timeZone: "Europe/Paris" };
    doc.jobs.push(sleepJob("d-new", { schedule: { type: "interval", everyMs: 5_000 } }));
    const text = JSON.stringify({ version: 1, jobs: doc.jobs });

    const dry = await apply(text, { dryRun: true });
    const before = await snapshot();
    expect(dry.applied).toBe(false);
    expect(dry.plan.changes.map((c) => (c.action === "update" ? [c.action, c.name, c.changes] : [c.action, c.name]))).toEqual(
      [
        ["update", "a-cron", [{ path: "schedule.cron", before: "*/5 * * * *", after: "0 * * * *" }]],
        [
          "update",
          "b-interval",
          [
            { path: "priority", before: "P3", after: "P1" },
            { path: "params.ms", before: 10, after: 20 },
          ],
        ],
        ["unchanged", "c-manual"],
        ["create", "d-new"],
      ].sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
    );

    const result = await apply(text);
    expect(result.applied).toBe(true);
    expect(result.plan).toEqual(dry.plan);
    const after = await snapshot();
    expect(after.versions).toBe(before.versions + 3);
    const byName = Object.fromEntries(after.definitions.map((d) => [d.name, d]));
    expect(byName["b-interval"]).toMatchObject({ priority: "P1", params: { ms: 20 }, version: 2 });
    expect(byName["a-cron"]).toMatchObject({ cron: "0 * * * *", version: 2 });
    expect(byName["c-manual"].version).toBe(1);
    expect(byName["d-new"]).toMatchObject({ kind: "sleep", intervalMs: 5_000, priority: "P2", enabled: true });
    const version = await db.jobDefinitionVersion.findUnique({ where: { definitionId_version: { definitionId: byName["b-interval"].id, version: 2 } } });
    expect(version?.changedBy).toBe("cli:test@host");
    const audit = await db.auditEvent.findMany({ where: { action: "jobs.applyConfig" }, orderBy: { id: "desc" }, take: 3 });
    expect(audit.map((a) => a.targetId).sort()).toEqual([byName["a-cron"].id, byName["b-interval"].id, byName["d-new"].id].sort());
    expect(audit.every((a) => a.actorEmail === "cli:test@host" && a.actorId === null)).toBe(true);
    expect(audit[0].input).toMatchObject({ source: "cli", prune: false, counts: { create: 1, update: 2, unchanged: 1, delete: 0 } });
  });

  it("keeps definitions the file leaves out unless prune is given", async () => {
    const text = file([sleepJob("b-interval", { priority: "P3", params: { ms: 10 }, schedule: { type: "interval", everyMs: 60_000 } })]);
    const kept = await apply(text);
    expect(kept.plan.notInFile).toEqual(["a-cron", "c-manual"]);
    expect(await db.jobDefinition.count()).toBe(3);
    const pruned = await apply(text, { prune: true });
    expect(pruned.plan.counts).toEqual({ create: 0, update: 0, unchanged: 1, delete: 2 });
    expect((await db.jobDefinition.findMany()).map((d) => d.name)).toEqual(["b-interval"]);
  });

  it("a dry run writes nothing", async () => {
    const before = await snapshot();
    const result = await apply(file([sleepJob("x-new")]), { dryRun: true, prune: true });
    expect(result.plan.counts).toEqual({ create: 1, update: 0, unchanged: 0, delete: 3 });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses an apply when the definitions changed since the preview", async () => {
    const text = file([sleepJob("x-new")]);
    const { basis } = await apply(text, { dryRun: true });
    await saveJobDefinition(db, { fields: { name: "meanwhile", kind: "noop" }, changedBy: "someone" });
    const before = await snapshot();
    await expect(apply(text, { expectedBasis: basis })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await snapshot()).toEqual(before);
  });

  describe("refuses a bad file whole, saying why, and writes nothing", () => {
    it("an unknown kind", async () => {
      expect(await refused(file([sleepJob("ok-one"), { name: "bad", kind: "no-such-kind" }]))).toContain('jobs[1] (bad).kind: Unknown job kind "no-such-kind"');
    });
    it("parameters that fail the kind's schema", async () => {
      expect(await refused(file([sleepJob("ok-one"), sleepJob("bad", { params: { ms: -1 } })]))).toMatch(/jobs\[1\] \(bad\)\.params\.ms: /);
    });
    it("a bad schedule and a misspelt field", async () => {
      const message = await refused(file([sleepJob("bad", { schedule: { type: "cron", cron: "not a cron", timeZone: "UTC" }, retries: 3 })]));
      expect(message).toContain('unknown field "retries"');
      expect(message).toContain("schedule.cron: Invalid cron expression");
    });
    it("duplicate names", async () => {
      expect(await refused(file([sleepJob("twice"), sleepJob("twice")]))).toContain('jobs[1] (twice): duplicate name "twice" (also jobs[0])');
    });
    it("YAML aliases (a billion laughs)", async () => {
      const bomb = [
        "version: 1",
        'a: &a ["x","x","x","x","x","x","x","x","x"]',
        "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
        "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
        "jobs: []",
      ].join("\n");
      expect(await refused(bomb)).toContain("anchors and aliases are not accepted");
      expect(await refused(`version: 1\njobs:\n  - &j { name: one, kind: noop }\n  - *j\n`)).toContain("anchors and aliases are not accepted");
    });
    it("an oversized file", async () => {
      const big = file([sleepJob("big", { params: { ms: 5, pad: "x".repeat(JOBS_CONFIG_MAX_BYTES) } })]);
      expect(await refused(big)).toContain(`at most ${JOBS_CONFIG_MAX_BYTES} are accepted`);
    });
    it("custom tags, duplicate keys, another version, not YAML, not a list", async () => {
      expect(await refused("version: 1\njobs: !!js/function 'return 1'\n")).toMatch(/tag|YAML/);
      expect(await refused("version: 1\nversion: 1\njobs: []\n")).toContain("YAML");
      expect(await refused("version: 2\njobs: []\n")).toContain("version must be 1");
      expect(await refused("version: 1\njobs: [\n")).toContain("YAML");
      expect(await refused("version: 1\njobs: {a: 1}\n")).toContain("jobs");
      expect(await refused("version: 1\njobs: [1]\n")).toContain("each job is a mapping");
    });
  });

  it("the console's procedures: staff download, operator preview then apply, audited as the user", async () => {
    const { user } = await createTestUser("OPERATOR");
    const caller = createCaller({ db, user, resHeaders: new Headers() });
    const { yaml } = await caller.jobs.exportConfig();
    const edited = yaml.replace("priority: P3", "priority: P4");
    const preview = await caller.jobs.previewConfig({ yaml: edited });
    expect(preview.plan.counts).toEqual({ create: 0, update: 1, unchanged: 2, delete: 0 });
    const applied = await caller.jobs.applyConfig({ yaml: edited, basis: preview.basis });
    expect(applied.applied).toBe(true);
    expect((await db.jobDefinition.findUnique({ where: { name: "b-interval" } }))?.priority).toBe("P4");
    const audit = await db.auditEvent.findFirst({ where: { action: "jobs.applyConfig" }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ actorId: user.id, actorEmail: user.email, actorRole: "OPERATOR", input: { source: "console" } });
  });

  it("npm run jobs: export > file, then apply --dry-run and apply of that file (npm's banner included)", async () => {
    // The CLI knows the product's kinds only, not the test kinds.
    await db.jobDefinition.deleteMany();
    await saveJobDefinition(db, {
      fields: { name: "a-cron", kind: "retention-purge", params: { batchSize: 1_000 }, schedule: { type: "cron", cron: "0 3 * * *", timeZone: "UTC" } },
      changedBy: "seed",
    });
    await saveJobDefinition(db, {
      fields: { name: "b-interval", kind: "anomaly-scan", params: { region: "north" }, priority: "P3", schedule: { type: "interval", everyMs: 30_000 } },
      changedBy: "seed",
    });
    await saveJobDefinition(db, { fields: { name: "c-manual", kind: "retention-purge", params: { dryRun: true } }, changedBy: "seed" });
    const dir = mkdtempSync(path.join(os.tmpdir(), "jobs-config-"));
    const { stdout: exported } = await exec("npm", ["run", "jobs", "--", "export"], { cwd: process.cwd(), env: process.env });
    expect(exported).toContain("> gristmill@");
    const jobsFile = path.join(dir, "jobs.yaml");
    writeFileSync(jobsFile, exported.replace("priority: P3", "priority: P2"));
    const dry = await exec(process.execPath, ["--import", "tsx", "scripts/jobs.ts", "apply", jobsFile, "--dry-run"], { env: process.env });
    expect(dry.stdout).toBe(
      '  unchanged a-cron\n~ update b-interval\n    priority: "P3" → "P2"\n  unchanged c-manual\n0 to create, 1 to update, 0 unchanged, 0 to delete\ndry run: nothing written\n'.replace(
        "0 unchanged",
        "2 unchanged",
      ),
    );
    expect((await db.jobDefinition.findUnique({ where: { name: "b-interval" } }))?.priority).toBe("P3");
    const real = await exec(process.execPath, ["--import", "tsx", "scripts/jobs.ts", "apply", jobsFile, "--actor", "deploy-bot"], { env: process.env });
    expect(real.stdout).toContain("applied as cli:deploy-bot");
    expect((await db.jobDefinition.findUnique({ where: { name: "b-interval" } }))?.priority).toBe("P2");

    // Tests' kinds are unknown to the product's CLI: refused like any unknown kind.
    writeFileSync(jobsFile, file([{ name: "bad", kind: "sleep", params: { ms: 1 } }]));
    const bad = await exec(process.execPath, ["--import", "tsx", "scripts/jobs.ts", "apply", jobsFile], { env: process.env }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(bad).toMatchObject({ code: 1 });
    expect((bad as { stderr: string }).stderr).toContain('nothing was written:\n  jobs[0] (bad).kind: Unknown job kind "sleep"');
  }, 120_000);
});
