import type { z } from "zod";
import { afterCommit } from "../audit/audit-scope";
import { writeAuditEvent } from "../audit/write-audit-event";
import { hashPassword } from "../auth/password";
import type { SessionUser } from "../auth/session";
import { publishSessionsEnded } from "../auth/sessions-ended";
import { inTransaction, type Db } from "../db";
import { notFound } from "../errors";
import { resetPasswordInput } from "./schemas";

export type ResetPasswordOptions = z.input<typeof resetPasswordInput> & {
  actor: SessionUser;
  /** The admin's own session, kept when they reset their own password. */
  actingSessionId?: string;
  ip?: string;
};

/** An admin sets a user's password; every session of that user ends. Hashes before the transaction opens. */
export async function resetPassword(db: Db, options: ResetPasswordOptions): Promise<{ id: string; endedSessions: number }> {
  const { id, password } = resetPasswordInput.parse(options);
  const passwordHash = await hashPassword(password);
  const keep = id === options.actor.id ? options.actingSessionId : undefined;
  return inTransaction(db, async (tx) => {
    const updated = await tx.user.updateMany({ where: { id }, data: { passwordHash } });
    if (updated.count === 0) throw notFound("User");
    const ended = await tx.session.deleteMany({ where: { userId: id, ...(keep ? { id: { not: keep } } : {}) } });
    await writeAuditEvent(tx, {
      action: "users.resetPassword",
      actor: options.actor,
      clientIp: options.ip,
      input: { id, endedSessions: ended.count },
      changes: [{ targetType: "user", targetId: id }],
    });
    await afterCommit(() => publishSessionsEnded({ userId: id, exceptSessionId: keep }));
    return { id, endedSessions: ended.count };
  });
}
