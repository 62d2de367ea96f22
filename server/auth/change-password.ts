import type { z } from "zod";
import { afterCommit } from "../audit/audit-scope";
import { writeAuditEvent } from "../audit/write-audit-event";
import { inTransaction, type Db } from "../db";
import { DomainError, notFound } from "../errors";
import { changePasswordInput } from "./schemas";
import { loginLimiters } from "./login-limits";
import { hashPassword, verifyPassword } from "./password";
import type { SessionUser } from "./session";
import { publishSessionsEnded } from "./sessions-ended";

export type ChangePasswordOptions = z.input<typeof changePasswordInput> & {
  user: SessionUser;
  /** The session asking; it stays open, every other session of the user ends. */
  currentSessionId?: string;
  ip?: string;
};

/** A user sets a new password, proving the current one; argon2 runs before the transaction opens. */
export async function changePassword(db: Db, options: ChangePasswordOptions): Promise<{ endedSessions: number }> {
  const { currentPassword, newPassword } = changePasswordInput.parse(options);
  const { user, ip } = options;
  // Guessing the current password here counts like guessing it at the login form.
  await loginLimiters().consume({ email: user.email, ip });
  const row = await db.user.findUnique({ where: { id: user.id }, select: { passwordHash: true } });
  if (!row) throw notFound("User");
  if (!(await verifyPassword(row.passwordHash, currentPassword))) {
    await writeAuditEvent(db, { action: "auth.changePassword.failed", actor: user, clientIp: ip, changes: [{ targetType: "user", targetId: user.id }] });
    throw new DomainError("INVALID", "Your current password is incorrect.", { field: "currentPassword" });
  }
  if (currentPassword === newPassword) throw new DomainError("INVALID", "Choose a password different from the current one.", { field: "newPassword" });
  const passwordHash = await hashPassword(newPassword);
  return inTransaction(db, async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    const ended = await tx.session.deleteMany({ where: { userId: user.id, ...(options.currentSessionId ? { id: { not: options.currentSessionId } } : {}) } });
    await writeAuditEvent(tx, {
      action: "auth.changePassword",
      actor: user,
      clientIp: ip,
      input: { endedSessions: ended.count },
      changes: [{ targetType: "user", targetId: user.id }],
    });
    await afterCommit(() => publishSessionsEnded({ userId: user.id, exceptSessionId: options.currentSessionId }));
    return { endedSessions: ended.count };
  });
}
