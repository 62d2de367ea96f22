import { randomUUID } from "node:crypto";
import { createSession, type SessionUser } from "@/server/auth/session";
import type { Role } from "@/server/auth/roles";
import { db } from "@/server/db";
import { createUser } from "@/server/users/create-user";

export const TEST_PASSWORD = "correct horse battery staple";

/** A fresh user of the given role with an open session, for tests that act as that role. */
export async function createTestUser(role: Role): Promise<{ user: SessionUser; token: string }> {
  const created = await createUser(db, {
    email: `${role.toLowerCase()}-${randomUUID().slice(0, 8)}@test.local`,
    name: `Test ${role}`,
    role,
    password: TEST_PASSWORD,
  });
  const { token } = await createSession(db, { userId: created.id });
  return { user: { id: created.id, email: created.email, name: created.name, role: created.role }, token };
}
