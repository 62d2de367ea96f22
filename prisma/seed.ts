import "../server/load-dotenv";
import { db } from "../server/db";
import { env } from "../server/env";
import { DomainError } from "../server/errors";
import { createUser } from "../server/users/create-user";
import type { Role } from "../server/auth/roles";

/** Demo accounts, one per role, all with DEMO_ADMIN_PASSWORD. Existing accounts are left as they are. */
export function demoUsers(): Array<{ email: string; name: string; role: Role }> {
  const domain = env().DEMO_ADMIN_EMAIL.split("@")[1];
  return [
    { email: env().DEMO_ADMIN_EMAIL, name: "Demo Admin", role: "ADMIN" },
    { email: `operator@${domain}`, name: "Olga Operator", role: "OPERATOR" },
    { email: `engineer@${domain}`, name: "Emil Engineer", role: "ENGINEER" },
    { email: `stakeholder@${domain}`, name: "Sara Stakeholder", role: "STAKEHOLDER" },
  ];
}

export async function seed(): Promise<void> {
  for (const user of demoUsers()) {
    try {
      await createUser(db, { ...user, password: env().DEMO_ADMIN_PASSWORD });
    } catch (err) {
      if (!(err instanceof DomainError && err.code === "CONFLICT")) throw err;
    }
  }
}

if (require.main === module) {
  seed()
    .then(() => db.$disconnect())
    .catch(async (err) => {
      console.error(err);
      await db.$disconnect();
      process.exit(1);
    });
}
