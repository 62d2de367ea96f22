import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser } from "@/tests/support/users";
import { appRouter, createCaller } from "../api/root";
import { auditMutations, type Context } from "../api/trpc";
import type { SessionUser } from "../auth/session";
import { db } from "../db";
import { afterCommit } from "./audit-scope";

type AnyProcedure = { _def: { type: string; middlewares: unknown[]; meta?: { audit?: string } } };
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, AnyProcedure>);
const auditStep = (auditMutations as unknown as { _middlewares: unknown[] })._middlewares[0];

function callerAs(user: SessionUser) {
  const ctx: Context = { db, user, clientIp: "203.0.113.7", resHeaders: new Headers() };
  return createCaller(ctx);
}

describe("audit trail", () => {
  let admin: SessionUser;
  beforeAll(async () => {
    admin = (await createTestUser("ADMIN")).user;
  });
  afterAll(() => db.$disconnect());

  it("every mutation of the router goes through the audit middleware (new ones included)", () => {
    const mutations = procedures.filter(([, p]) => p._def.type === "mutation");
    expect(mutations.length).toBeGreaterThanOrEqual(4);
    // These check a password (argon2) before any transaction and write their own rows, failures included;
    // a jobs file writes one row per definition it changes, in the apply's own transaction, and none for a no-op.
    const selfAudited = mutations.filter(([, p]) => p._def.meta?.audit === "service").map(([path]) => path);
    expect(selfAudited.sort()).toEqual(["auth.changePassword", "auth.login", "jobs.applyConfig", "users.resetPassword"]);
    // File previews change nothing, and must not hold a pooled connection while a large file is read.
    const readOnly = mutations.filter(([, p]) => p._def.meta?.audit === "read-only").map(([path]) => path);
    expect(readOnly.sort()).toEqual(["imports.preview", "jobs.previewConfig", "stations.previewFile"]);
    for (const [path, p] of mutations.filter(([, p]) => p._def.meta?.audit === undefined))
      expect(p._def.middlewares, `${path} is not audited`).toContain(auditStep);
  });

  it("a mutation writes one row with actor, role, action, target, after, client address, and no secret", async () => {
    const email = `audited-${randomUUID().slice(0, 8)}@test.local`;
    const created = await callerAs(admin).users.create({ email, name: "Audited", role: "OPERATOR", password: "s3cret-password-value" });
    const rows = await db.auditEvent.findMany({ where: { action: "users.create", targetId: created.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorId: admin.id, actorEmail: admin.email, actorRole: "ADMIN", targetType: "user", clientIp: "203.0.113.7" });
    expect(rows[0].after).toMatchObject({ email, role: "OPERATOR" });
    expect(JSON.stringify({ ...rows[0], id: String(rows[0].id) })).not.toContain("s3cret-password-value");
    expect((rows[0].input as Record<string, unknown>).password).toBe("[redacted]");
  });

  it("an update records before and after", async () => {
    const { user } = await createTestUser("STAKEHOLDER");
    await callerAs(admin).users.update({ id: user.id, role: "ENGINEER" });
    const row = await db.auditEvent.findFirstOrThrow({ where: { action: "users.update", targetId: user.id } });
    expect(row.before).toMatchObject({ role: "STAKEHOLDER" });
    expect(row.after).toMatchObject({ role: "ENGINEER" });
  });

  it("a failed mutation writes no audit row and changes nothing", async () => {
    const { user } = await createTestUser("OPERATOR");
    const before = await db.auditEvent.count();
    await expect(callerAs(admin).users.create({ email: user.email, name: "Dup", role: "OPERATOR", password: "another-password" })).rejects.toThrow(
      /already exists/,
    );
    await expect(callerAs(admin).users.update({ id: "no-such-user", role: "ENGINEER" })).rejects.toThrow(/not found/);
    expect(await db.auditEvent.count()).toBe(before);
  });

  it("the trail cannot be edited or deleted, except by the retention purge's transaction", async () => {
    // Past the audit class's one-year floor, so only the append-only rule stands in the way.
    const row = await db.auditEvent.create({ data: { action: `test.${randomUUID()}`, at: new Date(Date.now() - 400 * 86_400_000) } });
    await expect(db.$executeRaw`UPDATE "AuditEvent" SET "action" = 'forged' WHERE id = ${row.id}`).rejects.toThrow(/append-only/);
    await expect(db.$executeRaw`DELETE FROM "AuditEvent" WHERE id = ${row.id}`).rejects.toThrow(/append-only/);
    const deleted = await db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT set_config('gristmill.audit_purge', 'on', true)`;
      return tx.$executeRaw`DELETE FROM "AuditEvent" WHERE id = ${row.id}`;
    });
    expect(deleted).toBe(1);
  });

  it("effects registered with afterCommit run only once the change is visible to others", async () => {
    const email = `after-commit-${randomUUID().slice(0, 8)}@test.local`;
    let seenByOthers: number | undefined;
    // A one-off procedure built like every other, to observe the commit from outside the transaction.
    const { router, adminProcedure } = await import("../api/trpc");
    const probe = router({
      create: adminProcedure.mutation(async ({ ctx }) => {
        const user = await ctx.db.user.create({ data: { email, name: "x", role: "STAKEHOLDER", passwordHash: "x" } });
        await afterCommit(async () => {
          seenByOthers = await db.user.count({ where: { email } });
        });
        return user;
      }),
    });
    await probe.createCaller({ db, user: admin }).create();
    expect(seenByOthers).toBe(1);
  });
});
