import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { afterAll, describe, expect, it } from "vitest";
import { createTestUser } from "@/tests/support/users";
import { appRouter } from "../api/root";
import { createDb, db, inTransaction } from "../db";
import { anonymousHealthReport } from "../health/anonymous-health-report";
import { checkProductionSafety, UnsafeProductionError } from "./check-production-safety";
import { cookieIsSecure } from "./session";

const production = {
  NODE_ENV: "production",
  METRICS_TOKEN: "a-metrics-token-0123456789",
  DEMO_ADMIN_PASSWORD: "gristmill-demo",
  PUBLIC_URL: "https://console.example.com",
} as const;

class RollBack extends Error {}

describe("safe defaults in production", () => {
  afterAll(() => db.$disconnect());

  it("refuses to start while an account has the demo password (the seed's accounts do) or METRICS_TOKEN is missing", async () => {
    const refused = await checkProductionSafety(db, { ...production, METRICS_TOKEN: undefined }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UnsafeProductionError);
    const { problems } = refused as UnsafeProductionError;
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain("METRICS_TOKEN");
    expect(problems[1]).toMatch(/demo password.*admin@gristmill\.local/);
  });

  it("starts once no enabled account has a demo password and the secrets are set", async () => {
    await expect(
      inTransaction(db, async (tx) => {
        await tx.user.updateMany({ where: { passwordHash: { not: "" } }, data: { disabled: true } });
        await checkProductionSafety(tx, production);
        throw new RollBack();
      }),
    ).rejects.toBeInstanceOf(RollBack);
  });

  it("leaves the demo alone outside production", async () => {
    await expect(checkProductionSafety(db, { ...production, NODE_ENV: "development", METRICS_TOKEN: undefined })).resolves.toBeUndefined();
  });

  it("marks the cookie Secure whenever PUBLIC_URL is https", () => {
    expect(cookieIsSecure({ COOKIE_SECURE: false, PUBLIC_URL: "https://console.example.com" })).toBe(true);
    expect(cookieIsSecure({ COOKIE_SECURE: false, PUBLIC_URL: "http://localhost:3000" })).toBe(false);
    expect(cookieIsSecure({ COOKIE_SECURE: true, PUBLIC_URL: "http://localhost:3000" })).toBe(true);
  });

  it("tells an anonymous health check the statuses only, never error text", () => {
    const report = {
      status: "degraded" as const,
      checkedAt: new Date().toISOString(),
      down: ["postgres"],
      dependencies: { postgres: { ok: false, latencyMs: 400, error: "connect ECONNREFUSED postgresql://secret-host:5432" }, redis: { ok: true, latencyMs: 1 } },
    };
    const shown = anonymousHealthReport(report);
    expect(shown).toEqual({
      status: "degraded",
      checkedAt: report.checkedAt,
      down: ["postgres"],
      dependencies: { postgres: { ok: false }, redis: { ok: true } },
    });
    expect(JSON.stringify(shown)).not.toContain("secret-host");
  });

  it("answers an internal error with a generic message and an error id, never the Prisma text", async () => {
    const { user } = await createTestUser("ADMIN");
    const broken = createDb("postgresql://postgres@127.0.0.1:5432/gm_auth_no_such_database");
    const res = await fetchRequestHandler({
      endpoint: "/api/trpc",
      router: appRouter,
      createContext: () => ({ db: broken, user, resHeaders: new Headers() }),
      req: new Request("http://localhost/api/trpc/users.list"),
    });
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(text).toMatch(/Something went wrong on the server \(error id [0-9a-f-]{36}\)/);
    expect(text).not.toContain("gm_auth_no_such_database");
    expect(text).not.toMatch(/prisma/i);
    await broken.$disconnect();
  });
});
