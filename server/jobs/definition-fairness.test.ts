import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser } from "@/tests/support/users";
import { createCaller } from "../api/root";
import type { SessionUser } from "../auth/session";
import { db } from "../db";
import { getQueue } from "../queues/queues";
import { schedulePeriodMs } from "./schedule-period";

describe("a definition's fair-share weight and deadline", () => {
  let operator: SessionUser;
  let engineer: SessionUser;
  const caller = (user: SessionUser) => createCaller({ db, user, resHeaders: new Headers() });
  const name = () => `test fair ${randomUUID().slice(0, 8)}`;
  const created: Array<{ id: string; queue: string }> = [];

  beforeAll(async () => {
    operator = (await createTestUser("OPERATOR")).user;
    engineer = (await createTestUser("ENGINEER")).user;
  });
  afterAll(async () => {
    for (const run of created) await (await getQueue(run.queue).getJob(run.id))?.remove();
    await db.jobDefinition.deleteMany({ where: { name: { startsWith: "test fair " } } });
    await db.$disconnect();
  });

  it("is saved, versioned, and carried by its runs (scope, weight, deadline)", async () => {
    const def = await caller(operator).jobs.create({ name: name(), kind: "noop", scopeWeight: 4, deadlineMs: 90_000 });
    expect(def).toMatchObject({ scopeWeight: 4, deadlineMs: 90_000 });
    const run = await caller(operator).jobs.runNow({ id: def.id });
    created.push(run);
    expect(run.scope).toBe(`definition:${def.id}`);
    expect(run.deadlineAt!.getTime() - run.queuedAt.getTime()).toBe(90_000);
    const job = await getQueue(run.queue).getJob(run.id);
    expect(job?.data).toMatchObject({ scope: `definition:${def.id}`, scopeWeight: 4, deadlineMs: 90_000 });

    const ownDeadline = await caller(operator).jobs.runNow({ id: def.id, deadlineMs: 5_000 });
    created.push(ownDeadline);
    expect(ownDeadline.deadlineAt!.getTime() - ownDeadline.queuedAt.getTime()).toBe(5_000);

    const plain = await caller(operator).jobs.create({ name: name(), kind: "noop" });
    expect(plain).toMatchObject({ scopeWeight: 1, deadlineMs: null });
    const exported = await caller(operator).jobs.exportConfig();
    expect(JSON.stringify(exported)).toContain("scopeWeight");
  });

  it("refuses weights and deadlines out of range or of the wrong type, and anyone who may not edit jobs", async () => {
    for (const scopeWeight of [0, -1, 101, 1.5, "2", null, Number.POSITIVE_INFINITY]) {
      await expect(caller(operator).jobs.create({ name: name(), kind: "noop", scopeWeight } as never)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
    for (const deadlineMs of [0, 999, -5, 8 * 86_400_000, "1m", 2.5]) {
      await expect(caller(operator).jobs.create({ name: name(), kind: "noop", deadlineMs } as never)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
    for (const deadlineMs of [0, -1, "5s", 1e12]) {
      await expect(caller(operator).jobs.runNow({ id: "x", deadlineMs } as never)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
    await expect(caller(engineer).jobs.create({ name: name(), kind: "noop", scopeWeight: 100 })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("gives a scheduled firing its period as its deadline", () => {
    expect(schedulePeriodMs({ intervalMs: 30_000, cron: null, timeZone: "UTC" })).toBe(30_000);
    expect(schedulePeriodMs({ intervalMs: null, cron: "*/5 * * * *", timeZone: "UTC" })).toBe(5 * 60_000);
    expect(schedulePeriodMs({ intervalMs: null, cron: null, timeZone: "UTC" })).toBeNull();
  });
});
