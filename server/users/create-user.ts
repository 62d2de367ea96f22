import type { z } from "zod";
import { hashPassword } from "../auth/password";
import { recordChange } from "../audit/audit-scope";
import type { Db } from "../db";
import { DomainError, isUniqueViolation } from "../errors";
import { createUserInput, publicUserSelect } from "./schemas";

export type CreateUserOptions = z.input<typeof createUserInput>;

export async function createUser(db: Db, options: CreateUserOptions) {
  const { email, name, role, password } = createUserInput.parse(options);
  try {
    const user = await db.user.create({ data: { email, name, role, passwordHash: await hashPassword(password) }, select: publicUserSelect });
    recordChange({ targetType: "user", targetId: user.id, after: user });
    return user;
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError("CONFLICT", `A user with email ${email} already exists.`, { field: "email" });
    throw err;
  }
}
