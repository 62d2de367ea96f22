import { z } from "zod";
import { writeAuditEvent } from "../audit/write-audit-event";
import { inTransaction, type Db } from "../db";
import { DomainError } from "../errors";
import { logger } from "../logger";
import { loginLimiters, type LoginLimiters } from "./login-limits";
import { dummyPasswordHash, verifyPassword } from "./password";
import { createSession, type SessionUser } from "./session";

export const loginInput = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address").max(200),
  password: z.string().min(1, "Enter your password").max(200),
});

export interface LoginOptions {
  email: string;
  password: string;
  ip?: string;
  userAgent?: string;
  /** Defaults to the limits from the environment. */
  limiters?: LoginLimiters;
}

/**
 * Checks the password and opens a session. Rate-limited per account, per address, per pair and
 * globally. argon2 runs before any transaction is opened, so a burst of logins holds no pooled
 * connection while it hashes; this procedure writes its own audit rows (a failure is recorded too).
 */
export async function loginWithPassword(db: Db, options: LoginOptions): Promise<{ user: SessionUser; token: string; expiresAt: Date }> {
  const { email, password } = loginInput.parse(options);
  const limiters = options.limiters ?? loginLimiters();
  await limiters.consume({ email, ip: options.ip });
  const user = await db.user.findUnique({ where: { email } });
  const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
  if (!user || !valid || user.disabled) {
    const reason = !user || !valid ? "bad_credentials" : "disabled";
    logger.info({ event: "login.failed", email, ip: options.ip, reason }, "login refused");
    await writeAuditEvent(db, {
      action: "auth.login.failed",
      actor: null,
      clientIp: options.ip,
      input: { email, reason },
      changes: [{ targetType: "user", targetId: user?.id }],
    });
    throw new DomainError("UNAUTHORIZED", "Email or password is incorrect.");
  }
  await limiters.succeeded({ email, ip: options.ip });
  const sessionUser: SessionUser = { id: user.id, email: user.email, name: user.name, role: user.role };
  const session = await inTransaction(db, async (tx) => {
    const created = await createSession(tx, { userId: user.id, ip: options.ip, userAgent: options.userAgent });
    await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
    await writeAuditEvent(tx, {
      action: "auth.login",
      actor: sessionUser,
      clientIp: options.ip,
      input: { email },
      changes: [{ targetType: "user", targetId: user.id }],
    });
    return created;
  });
  logger.info({ event: "login.succeeded", userId: user.id, ip: options.ip }, "user signed in");
  return { user: sessionUser, ...session };
}
