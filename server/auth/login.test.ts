import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { TEST_PASSWORD, createTestUser } from "@/tests/support/users";
import { db } from "../db";
import { DomainError } from "../errors";
import { updateUser } from "../users/update-user";
import { loginWithPassword } from "./login";
import { createLoginLimiters, type LoginLimitConfig, type LoginLimiters } from "./login-limits";
import { resolveSession, revokeSession } from "./session";

const uniqueIp = () => `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}-${randomUUID()}`;

async function domainCode(promise: Promise<unknown>) {
  try {
    await promise;
    return "resolved";
  } catch (err) {
    return err instanceof DomainError ? err.code : (err as Error).message;
  }
}

describe("email and password login", () => {
  afterAll(() => db.$disconnect());

  it("opens a session with the right password, and the session resolves to the user", async () => {
    const { user } = await createTestUser("OPERATOR");
    const result = await loginWithPassword(db, { email: user.email, password: TEST_PASSWORD, ip: uniqueIp() });
    expect(result.user.id).toBe(user.id);
    expect(result.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(await resolveSession(db, result.token)).toMatchObject({ id: user.id, role: "OPERATOR" });
    const stored = await db.session.findMany({ where: { userId: user.id } });
    expect(stored.every((s) => s.id !== result.token)).toBe(true); // only a hash is stored
  });

  it("refuses a wrong password and an unknown email with the same message", async () => {
    const { user } = await createTestUser("ENGINEER");
    const wrong = loginWithPassword(db, { email: user.email, password: "not the password", ip: uniqueIp() });
    await expect(wrong).rejects.toThrow("Email or password is incorrect.");
    const unknown = loginWithPassword(db, { email: `nobody-${randomUUID()}@test.local`, password: TEST_PASSWORD, ip: uniqueIp() });
    await expect(unknown).rejects.toThrow("Email or password is incorrect.");
  });

  it("stores passwords as argon2id hashes", async () => {
    const { user } = await createTestUser("STAKEHOLDER");
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain(TEST_PASSWORD);
  });

  it("rate-limits repeated attempts from one address for one email", async () => {
    const { user } = await createTestUser("OPERATOR");
    const ip = uniqueIp();
    const codes: string[] = [];
    for (let i = 0; i < 7; i++) codes.push(await domainCode(loginWithPassword(db, { email: user.email, password: "wrong password", ip })));
    expect(codes.slice(0, 5)).toEqual(Array(5).fill("UNAUTHORIZED"));
    expect(codes.slice(5)).toEqual(["RATE_LIMITED", "RATE_LIMITED"]);
    // Even the right password is refused while limited.
    expect(await domainCode(loginWithPassword(db, { email: user.email, password: TEST_PASSWORD, ip }))).toBe("RATE_LIMITED");
  });

  it("refuses a disabled user and ends their open sessions", async () => {
    const admin = await createTestUser("ADMIN");
    const { user, token } = await createTestUser("OPERATOR");
    expect(await resolveSession(db, token)).not.toBeNull();
    await updateUser(db, { id: user.id, disabled: true, actingUserId: admin.user.id });
    expect(await resolveSession(db, token)).toBeNull();
    expect(await domainCode(loginWithPassword(db, { email: user.email, password: TEST_PASSWORD, ip: uniqueIp() }))).toBe("UNAUTHORIZED");
  });

  it("logout revokes the session", async () => {
    const { token } = await createTestUser("ENGINEER");
    await revokeSession(db, token);
    expect(await resolveSession(db, token)).toBeNull();
  });

  it("ignores expired sessions", async () => {
    const { user, token } = await createTestUser("ENGINEER");
    await db.session.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await resolveSession(db, token)).toBeNull();
  });
});

describe("login limits across addresses, accounts and the deployment", () => {
  const limits = (overrides: Partial<LoginLimitConfig>) =>
    createLoginLimiters({ keyPrefix: `test-login-${randomUUID()}`, windowSeconds: 60, pair: 100, account: 100, address: 100, global: 100, ...overrides });
  const attempt = (limiters: LoginLimiters, email: string, ip: string, password = "wrong password") =>
    domainCode(loginWithPassword(db, { email, password, ip, limiters }));

  it("limits one account tried from many addresses", async () => {
    const { user } = await createTestUser("OPERATOR");
    const limiters = limits({ account: 3 });
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push(await attempt(limiters, user.email, uniqueIp()));
    expect(codes).toEqual(["UNAUTHORIZED", "UNAUTHORIZED", "UNAUTHORIZED", "RATE_LIMITED"]);
    // Even the right password, from yet another address.
    expect(await attempt(limiters, user.email, uniqueIp(), TEST_PASSWORD)).toBe("RATE_LIMITED");
  });

  it("limits one address trying many accounts", async () => {
    const limiters = limits({ address: 3 });
    const ip = uniqueIp();
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push(await attempt(limiters, `nobody-${randomUUID()}@test.local`, ip));
    expect(codes).toEqual(["UNAUTHORIZED", "UNAUTHORIZED", "UNAUTHORIZED", "RATE_LIMITED"]);
    const { user } = await createTestUser("ENGINEER");
    expect(await attempt(limiters, user.email, uniqueIp(), TEST_PASSWORD)).toBe("resolved"); // another address is fine
  });

  it("limits every login of the deployment", async () => {
    const limiters = limits({ global: 2 });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push(await attempt(limiters, `nobody-${randomUUID()}@test.local`, uniqueIp()));
    expect(codes).toEqual(["UNAUTHORIZED", "UNAUTHORIZED", "RATE_LIMITED"]);
  });

  it("says when to retry", async () => {
    const limiters = limits({ account: 1 });
    const { user } = await createTestUser("OPERATOR");
    await attempt(limiters, user.email, uniqueIp());
    const refused = await loginWithPassword(db, { email: user.email, password: "x", ip: uniqueIp(), limiters }).catch((e: DomainError) => e);
    expect((refused as DomainError).details?.retryAfterSeconds).toBeGreaterThan(0);
  });
});
