import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser } from "@/tests/support/users";
import { ALL_ROLES, roleGroups, type Role } from "../auth/roles";
import type { SessionUser } from "../auth/session";
import { db } from "../db";
import { appRouter, createCaller } from "./root";
import type { Context, ProcedureMeta } from "./trpc";

// Every procedure of the app, read from the router itself: a procedure added later is covered without editing this test.
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { meta?: ProcedureMeta; type: string } }>);

function callerFor(user: SessionUser | null) {
  const ctx: Context = { db, user, resHeaders: new Headers() };
  return createCaller(ctx) as unknown as Record<string, unknown>;
}

async function call(user: SessionUser | null, path: string): Promise<unknown> {
  const fn = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], callerFor(user));
  return (fn as (input: unknown) => Promise<unknown>)(undefined);
}

async function errorCode(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (err) {
    return err instanceof TRPCError ? err.code : `non-trpc:${(err as Error).message}`;
  }
}

describe("role access on every tRPC procedure", () => {
  const users = {} as Record<Role, SessionUser>;
  beforeAll(async () => {
    for (const role of ALL_ROLES) users[role] = (await createTestUser(role)).user;
  });
  afterAll(() => db.$disconnect());

  it("finds the procedures and every one declares who may call it", () => {
    expect(procedures.length).toBeGreaterThan(5);
    for (const [path, procedure] of procedures) {
      expect(procedure._def.meta?.access, `${path} declares no access`).toBeDefined();
    }
  });

  const guarded = procedures.filter(([, p]) => p._def.meta?.access !== "public");

  it.each(guarded.map(([path, p]) => [path, p._def.meta!.access] as const))("%s refuses callers without a session (UNAUTHORIZED)", async (path) => {
    expect(await errorCode(call(null, path))).toBe("UNAUTHORIZED");
  });

  const denied = guarded.flatMap(([path, p]) => {
    const allowed = roleGroups[p._def.meta!.access as keyof typeof roleGroups] as readonly Role[];
    return ALL_ROLES.filter((role) => !allowed.includes(role)).map((role) => [path, role] as const);
  });

  it("has role-restricted procedures to check", () => expect(denied.length).toBeGreaterThan(0));

  it.each(denied)("%s is FORBIDDEN for %s", async (path, role) => {
    expect(await errorCode(call(users[role], path))).toBe("FORBIDDEN");
  });

  const allowed = guarded.flatMap(([path, p]) =>
    (roleGroups[p._def.meta!.access as keyof typeof roleGroups] as readonly Role[]).map((role) => [path, role] as const),
  );

  it.each(allowed)("%s lets %s past the role check", async (path, role) => {
    const code = await errorCode(call(users[role], path));
    // It may still refuse the empty input, but never for the role.
    expect(code === undefined || !["FORBIDDEN", "UNAUTHORIZED"].includes(code), `got ${code}`).toBe(true);
  });
});
