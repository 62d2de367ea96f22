import { readdirSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { TRPCError } from "@trpc/server";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser } from "@/tests/support/users";
import { ALL_ROLES, roleGroups, type Role, type RoleGroup } from "../auth/roles";
import { SESSION_COOKIE, type SessionUser } from "../auth/session";
import { db } from "../db";
import { env } from "../env";
import { topicAccess } from "../realtime/events";
import { attachRealtime } from "../realtime/socket-server";
import { procedureAccess, routeAccess, topicAccessTable, type RouteAccess } from "./access-table";
import { appRouter, createCaller } from "./root";
import type { Context, ProcedureMeta } from "./trpc";

const TABLE = "server/api/access-table.ts";
// The only procedures anyone may call without a session. Making another one public means editing this line too.
const PUBLIC_ALLOW_LIST = ["auth.login", "auth.me"];

const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { meta?: ProcedureMeta; type: string } }>);
const allowedRoles = (group: RoleGroup | "public") => (group === "public" ? ALL_ROLES : (roleGroups[group] as readonly Role[]));

function callerFor(user: SessionUser | null) {
  const ctx: Context = { db, user, resHeaders: new Headers() };
  return createCaller(ctx) as unknown as Record<string, unknown>;
}

async function call(user: SessionUser | null, procedurePath: string): Promise<unknown> {
  const fn = procedurePath.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], callerFor(user));
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

const users = {} as Record<Role, SessionUser & { token: string }>;
beforeAll(async () => {
  for (const role of ALL_ROLES) {
    const { user, token } = await createTestUser(role);
    users[role] = { ...user, token };
  }
});
afterAll(() => db.$disconnect());

describe(`every tRPC procedure is in ${TABLE} and enforces what it says`, () => {
  it("lists every procedure of the router", () => {
    const missing = procedures.map(([p]) => p).filter((p) => !(p in procedureAccess));
    expect(missing, `Not in ${TABLE}: ${missing.join(", ")}. Add each to procedureAccess with the role group it must have.`).toEqual([]);
    const stale = Object.keys(procedureAccess).filter((p) => !procedures.some(([q]) => q === p));
    expect(stale, `In ${TABLE} but not in the router (renamed or removed?): ${stale.join(", ")}`).toEqual([]);
  });

  it("has exactly the allow-listed public procedures", () => {
    const publicOnes = Object.entries(procedureAccess)
      .filter(([, g]) => g === "public")
      .map(([p]) => p)
      .sort();
    expect(publicOnes).toEqual(PUBLIC_ALLOW_LIST);
  });

  it.each(procedures.map(([p, d]) => [p, d._def.meta?.access] as const))("%s declares the access the table gives it", (p, declared) => {
    expect(declared, `${p} is built with the ${declared} builder but ${TABLE} says ${procedureAccess[p]}`).toBe(procedureAccess[p]);
  });

  const guarded = Object.entries(procedureAccess).filter(([, g]) => g !== "public");

  it.each(guarded)("%s refuses callers without a session (UNAUTHORIZED)", async (p) => {
    expect(await errorCode(call(null, p))).toBe("UNAUTHORIZED");
  });

  // Expected results come from the table, not from the procedures' meta: a wrong builder fails here.
  const denied = guarded.flatMap(([p, g]) => ALL_ROLES.filter((role) => !allowedRoles(g).includes(role)).map((role) => [p, role] as const));
  it.each(denied)("%s is FORBIDDEN for %s", async (p, role) => {
    expect(await errorCode(call(users[role], p))).toBe("FORBIDDEN");
  });

  const allowed = Object.entries(procedureAccess).flatMap(([p, g]) => allowedRoles(g).map((role) => [p, role] as const));
  it.each(allowed)("%s lets %s past the role check", async (p, role) => {
    const code = await errorCode(call(users[role], p));
    // It may still refuse the empty input, but never for the role.
    expect(code === undefined || !["FORBIDDEN", "UNAUTHORIZED"].includes(code), `got ${code}`).toBe(true);
  });
});

// ── route handlers ──
const projectRoot = path.resolve(__dirname, "../..");
function routeFiles(dir: string): string[] {
  return readdirSync(path.join(projectRoot, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return routeFiles(rel);
    return entry.name === "route.ts" ? [rel] : [];
  });
}
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

describe(`every route handler under app/ is in ${TABLE} and enforces what it says`, () => {
  const files = routeFiles("app");

  it("lists every route file and its methods", async () => {
    const missing = files.filter((f) => !(f in routeAccess));
    expect(missing, `Route handlers not in ${TABLE}: ${missing.join(", ")}. Add each to routeAccess with its methods' access.`).toEqual([]);
    expect(
      Object.keys(routeAccess).filter((f) => !files.includes(f)),
      `In routeAccess but no such file`,
    ).toEqual([]);
    for (const file of files) {
      const mod = (await import(path.join(projectRoot, file))) as Record<string, unknown>;
      const exported = METHODS.filter((m) => typeof mod[m] === "function");
      expect(exported, `${file} exports ${exported.join(", ")}; ${TABLE} lists ${Object.keys(routeAccess[file] ?? {}).join(", ")}`).toEqual(
        METHODS.filter((m) => m in (routeAccess[file] ?? {})),
      );
    }
  });

  const cases = Object.entries(routeAccess).flatMap(([file, methods]) =>
    Object.entries(methods).map(([method, access]) => [file, method, access as RouteAccess] as const),
  );

  async function request(file: string, method: string, role?: Role): Promise<Response> {
    const mod = (await import(path.join(projectRoot, file))) as Record<string, Handler>;
    const headers: Record<string, string> = role ? { cookie: `${SESSION_COOKIE}=${users[role].token}` } : {};
    const req = new Request("http://127.0.0.1/probe?db=x", { method, headers, body: method === "GET" ? undefined : "" });
    return mod[method](req, { params: Promise.resolve({ id: "no-such-export", trpc: "auth.me" }) });
  }

  it.each(cases.filter(([, , a]) => a !== "trpc" && a !== "public" && a !== "metrics-token" && a !== "ack-token"))(
    "%s %s refuses a caller without credentials",
    async (file, method) => {
      expect((await request(file, method)).status).toBe(401);
    },
  );

  it.each(cases.filter(([, , a]) => a === "ack-token"))("%s %s refuses a missing acknowledgement token", async (file, method) => {
    const res = await request(file, method);
    expect([400, 403]).toContain(res.status);
    expect(await res.text()).toContain("not valid");
  });

  const roleCases = cases.flatMap(([file, method, access]) =>
    access in roleGroups ? ALL_ROLES.map((role) => [file, method, role, allowedRoles(access as RoleGroup).includes(role)] as const) : [],
  );
  it.each(roleCases)("%s %s as %s: allowed=%s", async (file, method, role, isAllowed) => {
    const status = (await request(file, method, role)).status;
    if (isAllowed) expect([401, 403]).not.toContain(status);
    else expect(status).toBe(403);
  });

  it.each(cases.filter(([, , a]) => a === "public"))("%s %s answers without a session", async (file, method) => {
    expect([200, 204, 503]).toContain((await request(file, method)).status);
  });

  // Open while METRICS_TOKEN is unset outside production (the test setting); with one set, a caller without it gets 401.
  it.each(cases.filter(([, , a]) => a === "metrics-token"))("%s %s follows METRICS_TOKEN", async (file, method) => {
    expect((await request(file, method)).status).toBe(env().METRICS_TOKEN ? 401 : 200);
  });
});

// ── socket topics ──
describe(`every socket topic is in ${TABLE} and enforces what it says`, () => {
  const server = http.createServer();
  let realtime: ReturnType<typeof attachRealtime>;
  const sockets: Socket[] = [];
  let url: string;
  beforeAll(async () => {
    realtime = attachRealtime(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await realtime.close();
  });

  it("lists every topic", () => {
    expect(Object.keys(topicAccess).sort(), `Topics in server/realtime/events.ts and ${TABLE} differ`).toEqual(Object.keys(topicAccessTable).sort());
  });

  const cases = Object.entries(topicAccessTable).flatMap(([topic, group]) =>
    ALL_ROLES.map((role) => [topic, role, allowedRoles(group).includes(role)] as const),
  );
  it.each(cases)("topic %s for %s: allowed=%s", async (topic, role, isAllowed) => {
    const socket = connect(url, { transports: ["websocket"], reconnection: false, extraHeaders: { cookie: `${SESSION_COOKIE}=${users[role].token}` } });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    const reply = (await socket.emitWithAck("subscribe", topic)) as { ok: boolean; error?: string };
    expect(reply).toEqual(isAllowed ? { ok: true } : { ok: false, error: "FORBIDDEN" });
    socket.close();
  });
});
