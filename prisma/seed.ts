import "../server/load-dotenv";
import { db } from "../server/db";
import { env } from "../server/env";
import { DomainError } from "../server/errors";
import { saveJobDefinition } from "../server/jobs/save-job-definition";
import { sharedRedis } from "../server/redis";
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

/** Scans every active sensor's new readings twice a minute; created once, then left to the operators. */
export const demoAnomalyScan = {
  name: "Anomaly scan",
  kind: "anomaly-scan",
  params: {},
  priority: "P2",
  complexity: "moderate",
  schedule: { type: "interval", everyMs: 30_000 },
  timeoutMs: 120_000,
} as const;

export async function seed(): Promise<void> {
  for (const user of demoUsers()) {
    try {
      await createUser(db, { ...user, password: env().DEMO_ADMIN_PASSWORD });
    } catch (err) {
      if (!(err instanceof DomainError && err.code === "CONFLICT")) throw err;
    }
  }
  // Test databases start without schedules: a scan every 30 s would run inside every worker test.
  if (env().NODE_ENV !== "test" && !(await db.jobDefinition.findFirst({ where: { name: demoAnomalyScan.name } }))) {
    await saveJobDefinition(db, { fields: demoAnomalyScan, changedBy: "seed" });
  }
}

if (require.main === module) {
  seed()
    .then(() => Promise.all([db.$disconnect(), sharedRedis().quit()]))
    .catch(async (err) => {
      console.error(err);
      await db.$disconnect();
      process.exit(1);
    });
}
