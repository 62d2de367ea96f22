import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { z } from "zod";
import type { Db } from "../db";
import { env } from "../env";
import { DomainError } from "../errors";
import { logger } from "../logger";
import { sharedRedis } from "../redis";
import { dummyPasswordHash, verifyPassword } from "./password";
import { createSession, type SessionUser } from "./session";

export const loginInput = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address").max(200),
  password: z.string().min(1, "Enter your password").max(200),
});

let limiter: RateLimiterRedis | undefined;
function loginLimiter(): RateLimiterRedis {
  limiter ??= new RateLimiterRedis({
    storeClient: sharedRedis(),
    keyPrefix: `${env().QUEUE_PREFIX}:login`,
    points: env().LOGIN_MAX_ATTEMPTS,
    duration: env().LOGIN_WINDOW_SECONDS,
  });
  return limiter;
}

export interface LoginOptions {
  email: string;
  password: string;
  ip?: string;
  userAgent?: string;
}

/** Checks the password, rate-limited per address and email, and opens a session. */
export async function loginWithPassword(db: Db, options: LoginOptions): Promise<{ user: SessionUser; token: string; expiresAt: Date }> {
  const { email, password } = loginInput.parse(options);
  const key = `${options.ip ?? "unknown"}|${email}`;
  try {
    await loginLimiter().consume(key);
  } catch (err) {
    if (err instanceof RateLimiterRes) {
      const seconds = Math.ceil(err.msBeforeNext / 1000);
      logger.warn({ event: "login.rate_limited", email, ip: options.ip }, "too many login attempts");
      throw new DomainError("RATE_LIMITED", `Too many login attempts. Try again in ${seconds} s.`, { retryAfterSeconds: seconds });
    }
    throw err;
  }
  const user = await db.user.findUnique({ where: { email } });
  const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
  if (!user || !valid || user.disabled) {
    logger.info({ event: "login.failed", email, ip: options.ip, reason: user?.disabled ? "disabled" : "bad_credentials" }, "login refused");
    throw new DomainError("UNAUTHORIZED", "Email or password is incorrect.");
  }
  await loginLimiter().delete(key);
  const session = await createSession(db, { userId: user.id, ip: options.ip, userAgent: options.userAgent });
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  logger.info({ event: "login.succeeded", userId: user.id, ip: options.ip }, "user signed in");
  return { user: { id: user.id, email: user.email, name: user.name, role: user.role }, ...session };
}
