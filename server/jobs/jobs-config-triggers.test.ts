import { randomUUID } from "node:crypto";
import { parse, stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser } from "@/tests/support/users";
import { createCaller } from "../api/root";
import { db } from "../db";
import { closeSharedRedis } from "../redis";
import { applyJobsConfig } from "./apply-jobs-config";
import { exportJobsConfig } from "./export-jobs-config";
import { saveJobDefinition } from "./save-job-definition";

const actor = { email: "cli:test@host" };
const apply = (text: string, dryRun = false) => applyJobsConfig(db, { text, prune: false, dryRun, actor, source: "cli" });
type Entry = Record<string, unknown> & { name: string; triggers?: Array<Record<string, unknown>> };

describe("triggers in jobs files (real PostgreSQL)", () => {
  const name = `test trg config ${randomUUID().slice(0, 6)}`;
  let definitionId: string;
  let token: string;
  /** This test's job as the export shows it. */
  const exported = async (): Promise<Entry> => (parse((await exportJobsConfig(db)).yaml) as { jobs: Entry[] }).jobs.find((j) => j.name === name)!;
  const fileOf = (entry: Entry) => stringify({ version: 1, jobs: [entry] });

  beforeAll(async () => {
    definitionId = (await saveJobDefinition(db, { fields: { name, kind: "sleep", params: { ms: 5 } }, changedBy: "seed" })).id;
    const caller = createCaller({ db, user: (await createTestUser("OPERATOR")).user, resHeaders: new Headers() });
    token = (await caller.triggers.create({ definitionId, fields: { name: "from cron", event: "http", paramMap: { ms: "delay" } } })).token!;
    await caller.triggers.create({
      definitionId,
      fields: { name: "after import", event: "import.finished", filter: { status: "succeeded" }, debounceSeconds: 300, maxConcurrent: 1 },
    });
  });
  afterAll(async () => {
    await db.jobDefinition.deleteMany({ where: { name } });
    closeSharedRedis();
    await db.$disconnect();
  });

  it("exports a job's triggers by name in a fixed field order, never their tokens, and applying the export changes nothing", async () => {
    const { yaml } = await exportJobsConfig(db);
    expect(yaml).not.toContain(token.slice(4, 20));
    expect(yaml).not.toMatch(/tokenHash|tokenPrefix|gmt_/);
    const entry = await exported();
    expect(Object.keys(entry).at(-1)).toBe("triggers");
    expect(entry.triggers!.map((t) => t.name)).toEqual(["after import", "from cron"]);
    expect(Object.keys(entry.triggers![0])).toEqual([
      "name",
      "event",
      "enabled",
      "filter",
      "paramMap",
      "debounceSeconds",
      "concurrencyKey",
      "maxConcurrent",
      "overflow",
    ]);
    expect(entry.triggers![0]).toMatchObject({
      event: "import.finished",
      filter: { status: "succeeded" },
      debounceSeconds: 300,
      maxConcurrent: 1,
      overflow: "queue",
    });
    const versions = await db.jobDefinitionVersion.count({ where: { definitionId } });
    const result = await apply(fileOf(entry));
    expect(result.applied).toBe(false);
    expect(result.plan.counts).toMatchObject({ unchanged: 1, update: 0 });
    expect(await db.jobDefinitionVersion.count({ where: { definitionId } })).toBe(versions);
  });

  it("plans and applies trigger changes by name, keeping an HTTP trigger's token, without a new definition version", async () => {
    const entry = await exported();
    const [afterImport, fromCron] = entry.triggers!;
    const changed: Entry = {
      ...entry,
      triggers: [{ ...afterImport, debounceSeconds: 60 }, fromCron, { name: "on incidents", event: "incident.opened", filter: { minSeverity: "critical" } }],
    };
    const dry = await apply(fileOf(changed), true);
    const update = dry.plan.changes.find((c) => c.name === name);
    expect(update?.action).toBe("update");
    expect(update && "changes" in update ? update.changes.map((c) => c.path).sort() : []).toEqual([
      "triggers.after import.debounceSeconds",
      "triggers.on incidents",
    ]);
    const versions = await db.jobDefinitionVersion.count({ where: { definitionId } });
    const hashBefore = (await db.jobTrigger.findFirstOrThrow({ where: { definitionId, name: "from cron" } })).tokenHash;

    expect((await apply(fileOf(changed))).applied).toBe(true);
    const rows = await db.jobTrigger.findMany({ where: { definitionId }, orderBy: { name: "asc" } });
    expect(rows.map((r) => [r.name, r.debounceSeconds])).toEqual([
      ["after import", 60],
      ["from cron", 0],
      ["on incidents", 0],
    ]);
    expect(rows.find((r) => r.name === "from cron")!.tokenHash).toBe(hashBefore);
    expect(await db.jobDefinitionVersion.count({ where: { definitionId } }), "triggers are not the definition's fields").toBe(versions);
    expect(await db.auditEvent.count({ where: { action: "jobs.applyConfig", targetType: "jobTrigger", targetId: { in: rows.map((r) => r.id) } } })).toBe(2);

    // Dropping the list deletes them; an HTTP trigger re-created from a file has no token until rotated.
    await apply(fileOf({ ...changed, triggers: [fromCron] }));
    await db.jobTrigger.deleteMany({ where: { definitionId, name: "from cron" } });
    await apply(fileOf({ ...changed, triggers: [fromCron] }));
    expect(await db.jobTrigger.findMany({ where: { definitionId } })).toMatchObject([{ name: "from cron", tokenHash: null, tokenPrefix: null }]);
  });

  it("refuses a bad trigger with where it is, writing nothing", async () => {
    const entry = await exported();
    const before = await db.jobTrigger.findMany({ where: { definitionId } });
    const refuse = async (triggers: unknown, message: RegExp) => {
      await expect(apply(fileOf({ ...entry, triggers: triggers as Entry["triggers"] }))).rejects.toThrow(message);
      expect(await db.jobTrigger.findMany({ where: { definitionId } })).toEqual(before);
    };
    await refuse(
      [{ name: "x", event: "import.finished", paramMap: { ms: "fileName" } }],
      /triggers\[0\] \(x\)\.paramMap\.ms: field "fileName" cannot be this parameter/,
    );
    await refuse([{ name: "x", event: "nope" }], /triggers\[0\] \(x\)\.event/);
    await refuse([{ name: "x", event: "http", token: "gmt_abc" }], /triggers\[0\] \(x\)/);
    await refuse(
      [
        { name: "x", event: "http" },
        { name: "x", event: "http" },
      ],
      /duplicate trigger name "x"/,
    );
    await refuse("all of them", /triggers/);
    await refuse(
      Array.from({ length: 51 }, (_, i) => ({ name: `t${i}`, event: "http" })),
      /at most 50 triggers/,
    );
  });
});
