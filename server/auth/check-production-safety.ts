import type { Db } from "../db";
import type { Env } from "../env";
import { verifyPassword } from "./password";

/** The password the seed gives the demo accounts when DEMO_ADMIN_PASSWORD is not set. */
export const DEFAULT_DEMO_PASSWORD = "gristmill-demo";

export class UnsafeProductionError extends Error {
  constructor(readonly problems: string[]) {
    super(`Refusing to start in production:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "UnsafeProductionError";
  }
}

export interface ProductionSafetyConfig extends Pick<Env, "NODE_ENV" | "METRICS_TOKEN" | "DEMO_ADMIN_PASSWORD" | "PUBLIC_URL"> {}

/**
 * With NODE_ENV=production: no enabled account may still have a demo password and every secret
 * production needs must be set. `npm run demo` runs with NODE_ENV=development, so it keeps its accounts.
 */
export async function checkProductionSafety(db: Db, config: ProductionSafetyConfig): Promise<void> {
  if (config.NODE_ENV !== "production") return;
  const problems: string[] = [];
  if (!config.METRICS_TOKEN) problems.push("METRICS_TOKEN is not set (/api/metrics needs a token in production)");
  const demoPasswords = [...new Set([DEFAULT_DEMO_PASSWORD, config.DEMO_ADMIN_PASSWORD])];
  const users = await db.user.findMany({ where: { disabled: false }, select: { email: true, passwordHash: true } });
  const withDemoPassword: string[] = [];
  // A few at a time: argon2 is memory-hard and runs on the libuv pool.
  for (let i = 0; i < users.length; i += 4) {
    const batch = users.slice(i, i + 4);
    const hits = await Promise.all(batch.map(async (u) => (await Promise.all(demoPasswords.map((p) => verifyPassword(u.passwordHash, p)))).some(Boolean)));
    batch.forEach((u, j) => hits[j] && withDemoPassword.push(u.email));
  }
  if (withDemoPassword.length) {
    problems.push(`these accounts still have the demo password; change it (user menu → Change password) or disable them: ${withDemoPassword.join(", ")}`);
  }
  if (problems.length) throw new UnsafeProductionError(problems);
}
