import { randomUUID } from "node:crypto";
import { parse, stringify } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { closeSharedRedis } from "../redis";
import { applyJobsConfig } from "./apply-jobs-config";
import { exportJobsConfig } from "./export-jobs-config";

const actor = { email: "cli:test@host" };
const apply = (jobs: object[], dryRun = false) => applyJobsConfig(db, { text: stringify({ version: 1, jobs }), prune: false, dryRun, actor, source: "cli" });
const tag = randomUUID().slice(0, 6);
const n = (s: string) => `test wfcfg ${s} ${tag}`;

describe("workflow edges in jobs files (real PostgreSQL)", () => {
  afterAll(async () => {
    await db.jobDefinition.deleteMany({ where: { name: { startsWith: "test wfcfg " } } });
    closeSharedRedis();
    await db.$disconnect();
  });

  it("applies dependsOn and fanOut by name, exports them back, refuses a cycle in the file or through stored jobs, and a bad condition", async () => {
    const jobs = [
      { name: n("a"), kind: "noop" },
      { name: n("b"), kind: "noop", dependsOn: [{ job: n("a"), on: "any" }] },
      { name: n("scan"), kind: "anomaly-scan", dependsOn: [{ job: n("b") }], fanOut: "region" },
    ];
    const dry = await apply(jobs, true);
    expect(dry.applied).toBe(false);
    expect(await db.jobDependency.count({ where: { downstream: { name: n("b") } } })).toBe(0);
    expect((await apply(jobs)).applied).toBe(true);
    const b = await db.jobDefinition.findUniqueOrThrow({ where: { name: n("b") }, include: { downstreamOf: { include: { upstream: true } } } });
    expect(b.downstreamOf.map((e) => [e.upstream.name, e.condition])).toEqual([[n("a"), "any"]]);
    expect((await db.jobDefinition.findUniqueOrThrow({ where: { name: n("scan") } })).fanOut).toBe("region");

    const exported = (parse((await exportJobsConfig(db)).yaml) as { jobs: Array<Record<string, unknown>> }).jobs.filter((j) =>
      String(j.name).startsWith("test wfcfg "),
    );
    expect(exported.find((j) => j.name === n("scan"))).toMatchObject({ dependsOn: [{ job: n("b"), on: "success" }], fanOut: "region" });
    expect(exported.find((j) => j.name === n("a"))).not.toHaveProperty("dependsOn");
    // Applying the export changes nothing.
    expect((await applyJobsConfig(db, { text: (await exportJobsConfig(db)).yaml, prune: false, dryRun: true, actor, source: "cli" })).plan.counts.update).toBe(
      0,
    );

    await expect(
      apply([
        { name: n("x"), kind: "noop", dependsOn: [{ job: n("y") }] },
        { name: n("y"), kind: "noop", dependsOn: [{ job: n("x") }] },
      ]),
    ).rejects.toThrow(/dependsOn: these dependencies form a cycle: test wfcfg [xy] .* → test wfcfg [xy] .* → test wfcfg [xy]/);
    // Through stored jobs: a depending on scan closes a → b → scan → a; nothing of the file is applied.
    await expect(
      apply([
        { name: n("a"), kind: "noop", dependsOn: [{ job: n("scan") }] },
        { name: n("new"), kind: "noop" },
      ]),
    ).rejects.toThrow(/cycle/);
    expect(await db.jobDefinition.count({ where: { name: n("new") } })).toBe(0);
    await expect(apply([{ name: n("a"), kind: "noop", dependsOn: [{ job: n("b"), on: "sometimes" }] }])).rejects.toThrow(/dependsOn\.0\.on/);
    await expect(apply([{ name: n("a"), kind: "noop", fanOut: "planet" }])).rejects.toThrow(/fanOut/);
  });
});
