import { randomUUID } from "node:crypto";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { afterAll, describe, expect, it } from "vitest";
import { TEST_PASSWORD, createTestUser } from "@/tests/support/users";
import { appRouter, createCaller } from "../api/root";
import { CLIENT_IP_HEADER, createContext } from "../api/trpc";
import { db } from "../db";

const uniqueIp = () => `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}-${randomUUID()}`;

function anonymousCaller(ip: string) {
  return createCaller({ db, user: null, clientIp: ip, resHeaders: new Headers() });
}

describe("login through tRPC", () => {
  afterAll(() => db.$disconnect());

  it("hashes outside any transaction: a burst of logins leaves the pool free for other requests", async () => {
    const burst = 40; // four times the pool (pg's default of 10 connections)
    let settled = 0;
    let firstSettled!: () => void;
    const burstUnderWay = new Promise<void>((resolve) => (firstSettled = resolve));
    const logins = Array.from({ length: burst }, () =>
      anonymousCaller(uniqueIp())
        .auth.login({ email: `nobody-${randomUUID()}@test.local`, password: "wrong password" })
        .catch(() => undefined)
        .finally(() => {
          settled++;
          firstSettled();
        }),
    );
    await burstUnderWay;
    const settledWhenAsked = settled;
    await db.$queryRaw`SELECT 1`;
    const settledWhileWaiting = settled - settledWhenAsked;
    await Promise.all(logins);
    // When each login held a pooled connection while argon2 ran, the query queued behind the rest
    // of the burst (measured on the old code: 33 of 40 logins finished before it got an answer).
    expect(settledWhileWaiting).toBeLessThan(10);
    expect(settled).toBe(burst);
  });

  it("records a failed login in the audit trail although nothing else of the mutation commits", async () => {
    const { user } = await createTestUser("OPERATOR");
    const ip = uniqueIp();
    await expect(anonymousCaller(ip).auth.login({ email: user.email, password: "not it" })).rejects.toThrow("Email or password is incorrect.");
    const rows = await db.auditEvent.findMany({ where: { action: "auth.login.failed", targetId: user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ clientIp: ip, targetType: "user", actorId: null });
    expect(JSON.stringify(rows[0].input)).not.toContain("not it");
  });

  it("records a successful login with its session in one transaction", async () => {
    const { user } = await createTestUser("ENGINEER");
    await anonymousCaller(uniqueIp()).auth.login({ email: user.email, password: TEST_PASSWORD });
    expect(await db.auditEvent.count({ where: { action: "auth.login", actorId: user.id } })).toBe(1);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(2); // the fixture's and this one
  });

  it("records a FORBIDDEN call in the audit trail", async () => {
    const { user } = await createTestUser("STAKEHOLDER");
    const caller = createCaller({ db, user, clientIp: "10.8.0.1", resHeaders: new Headers() });
    await expect(caller.users.create({ email: `x-${randomUUID()}@test.local`, name: "X", role: "ADMIN", password: "long enough password" })).rejects.toThrow(
      /roles/,
    );
    const rows = await db.auditEvent.findMany({ where: { action: "access.denied", actorId: user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ targetType: "procedure", targetId: "users.create", actorRole: "STAKEHOLDER", clientIp: "10.8.0.1" });
  });

  it("answers a rate-limited login over HTTP with 429 and Retry-After", async () => {
    const { user } = await createTestUser("OPERATOR");
    const ip = uniqueIp();
    const attempt = () =>
      fetchRequestHandler({
        endpoint: "/api/trpc",
        router: appRouter,
        createContext,
        req: new Request("http://localhost/api/trpc/auth.login", {
          method: "POST",
          headers: { "content-type": "application/json", [CLIENT_IP_HEADER]: ip },
          body: JSON.stringify({ json: { email: user.email, password: "wrong password" } }),
        }),
      });
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 6; i++) {
      last = await attempt();
      statuses.push(last.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
