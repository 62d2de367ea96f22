import type { z } from "zod";
import { afterCommit, recordChange } from "../audit/audit-scope";
import { publishSessionsEnded } from "../auth/sessions-ended";
import { inTransaction, type Db } from "../db";
import { DomainError, notFound } from "../errors";
import { publicUserSelect, updateUserInput } from "./schemas";

export type UpdateUserOptions = z.input<typeof updateUserInput> & { actingUserId: string };

/** Changes a user's role, name or disabled flag. Disabling ends the user's sessions at once. */
export async function updateUser(db: Db, options: UpdateUserOptions) {
  const { id, role, disabled, name } = updateUserInput.parse(options);
  if (id === options.actingUserId && (disabled === true || (role && role !== "ADMIN"))) {
    throw new DomainError("INVALID", "You cannot disable yourself or remove your own admin role.", { field: disabled ? "disabled" : "role" });
  }
  return inTransaction(db, async (tx) => {
    const before = await tx.user.findUnique({ where: { id }, select: publicUserSelect });
    if (!before) throw notFound("User");
    const user = await tx.user.update({ where: { id }, data: { role, disabled, name }, select: publicUserSelect });
    if (disabled) await tx.session.deleteMany({ where: { userId: id } });
    recordChange({ targetType: "user", targetId: id, before, after: user });
    // A disabled or re-roled user's live connections end everywhere; they reconnect with their new rights.
    if ((disabled && !before.disabled) || (role && role !== before.role)) await afterCommit(() => publishSessionsEnded({ userId: id }));
    return user;
  });
}
