import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { startWorkerProcess } from "@/tests/support/worker-process";
import { db } from "../db";
import { budgetVerdict } from "./budget-verdict";
import { claimConnectionBudget, CLAIM_STALE_MS } from "./claim-connection-budget";

afterAll(() => db.$disconnect());

const base = { maxConnections: 100, superuserReserved: 3, webReserve: 20, claims: [] as Array<{ role: string; pgConnections: number }> };

describe("connection budget (pure)", () => {
  it("lets workers claim up to what is left after the web's reserve, and everyone up to max_connections", () => {
    const workers = Array.from({ length: 7 }, () => ({ role: "worker", pgConnections: 10 }));
    expect(budgetVerdict({ ...base, role: "worker", mine: 7, claims: workers })).toMatchObject({
      ok: true,
      capacity: 97,
      workerLimit: 77,
      claimedByWorkers: 70,
    });
    const refused = budgetVerdict({ ...base, role: "worker", mine: 8, claims: workers });
    expect(refused.ok).toBe(false);
    expect(refused.message).toContain("workers have claimed 70 of the 77 they may use");
    expect(refused.message).toContain("DATABASE_WEB_RESERVE");
    // The web may use its reserve, but not more than the server has.
    expect(budgetVerdict({ ...base, role: "web", mine: 20, claims: workers }).ok).toBe(true);
    expect(budgetVerdict({ ...base, role: "web", mine: 28, claims: workers })).toMatchObject({
      ok: false,
      message: expect.stringContaining("claimed 70 of the server's 97"),
    });
    // Web processes' claims count against the total, not against the workers' share.
    expect(
      budgetVerdict({
        ...base,
        role: "worker",
        mine: 10,
        claims: [
          { role: "web", pgConnections: 60 },
          { role: "worker", pgConnections: 20 },
        ],
      }).ok,
    ).toBe(true);
    expect(
      budgetVerdict({
        ...base,
        role: "worker",
        mine: 10,
        claims: [
          { role: "web", pgConnections: 70 },
          { role: "worker", pgConnections: 20 },
        ],
      }).ok,
    ).toBe(false);
    expect(budgetVerdict({ ...base, webReserve: 500, role: "worker", mine: 1 })).toMatchObject({ ok: false, workerLimit: 0 });
  });
});

describe("connection budget (PostgreSQL and real worker processes)", () => {
  it("records a claim, sweeps a dead process's stale one, and releases on shutdown", async () => {
    const dead = `dead-${randomUUID()}`;
    await db.connectionClaim.create({
      data: { processId: dead, role: "worker", host: "gone", pid: 1, pgConnections: 50, seenAt: new Date(Date.now() - CLAIM_STALE_MS - 1_000) },
    });
    const processId = `test-${randomUUID()}`;
    const claim = await claimConnectionBudget(db, { role: "web", processId, pgConnections: 3, webReserve: 20 });
    expect(claim.verdict.ok).toBe(true);
    expect(await db.connectionClaim.count({ where: { processId: dead } })).toBe(0);
    expect(await db.connectionClaim.findUnique({ where: { processId } })).toMatchObject({ role: "web", pgConnections: 3, pid: process.pid });
    await claim.release();
    expect(await db.connectionClaim.count({ where: { processId } })).toBe(0);
  });

  it("refuses a worker whose pool would reach into the web's connections: it exits 1 saying what to change, and the web still gets its own", async () => {
    const [settings] = await db.$queryRaw<
      Array<{ max: number; reserved: number }>
    >`SELECT current_setting('max_connections')::int AS max, current_setting('superuser_reserved_connections')::int AS reserved`;
    const capacity = settings.max - settings.reserved;
    // Everything kept for the web: no worker may claim a connection, whatever else runs.
    const worker = startWorkerProcess({ DATABASE_WEB_RESERVE: String(capacity), DATABASE_POOL_MAX: "5" });
    expect(await worker.exited).toBe(1);
    expect(worker.output()).toContain('"event":"worker.refused"');
    expect(worker.output()).toContain("PostgreSQL connection budget exceeded: this worker would open up to 5");
    expect(worker.output()).toContain("DATABASE_WEB_RESERVE");
    expect(worker.output()).not.toContain('"event":"worker.started"');
    // A pool larger than the whole server is refused for any process.
    const greedy = startWorkerProcess({ DATABASE_POOL_MAX: String(Math.min(500, capacity + 1)) });
    expect(await greedy.exited).toBe(1);
    expect(greedy.output()).toContain("of the server's");

    const web = await claimConnectionBudget(db, { role: "web", processId: `test-web-${randomUUID()}`, pgConnections: 10, webReserve: 20 });
    expect(web.verdict.ok).toBe(true);
    await web.release();
  }, 60_000);
});
