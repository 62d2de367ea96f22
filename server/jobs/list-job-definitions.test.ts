import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { listJobDefinitions } from "./list-job-definitions";

const tag = `ljd${randomUUID().slice(0, 8)}`;
const base = new Date("2031-06-01T00:00:00.000Z").getTime();

describe("job definitions list", () => {
  beforeAll(async () => {
    await db.jobDefinition.createMany({
      data: [
        { id: `${tag}_a`, name: `${tag} a`, kind: "noop", params: {} },
        { id: `${tag}_b`, name: `${tag} b`, kind: "noop", params: {} },
      ],
    });
    // a: three runs, the newest (queued last) failed; b: never ran.
    await db.jobRun.createMany({
      data: ["succeeded", "failed", "succeeded"].map((status, i) => ({
        id: `${tag}_run${i}`,
        definitionId: `${tag}_a`,
        kind: "noop",
        params: {},
        priority: "P2",
        queue: "jobs",
        trigger: "schedule",
        status: status as "succeeded" | "failed",
        queuedAt: new Date(base + (i === 1 ? 10_000 : i * 1_000)),
      })),
    });
  });
  afterAll(async () => {
    await db.jobRun.deleteMany({ where: { id: { startsWith: tag } } });
    await db.jobDefinition.deleteMany({ where: { id: { startsWith: tag } } });
    await db.$disconnect();
  });

  it("gives each definition its newest run, and none to a definition that never ran", async () => {
    const ours = (await listJobDefinitions(db)).filter((d) => d.id.startsWith(tag));
    expect(ours.map((d) => [d.name, d.lastRun?.status ?? null, d.lastRun?.queuedAt.getTime() ?? null])).toEqual([
      [`${tag} a`, "failed", base + 10_000],
      [`${tag} b`, null, null],
    ]);
  });
});
