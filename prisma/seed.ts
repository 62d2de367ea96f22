import "../server/load-dotenv";
import { db } from "../server/db";
import { env } from "../server/env";
import { DomainError } from "../server/errors";
import { saveJobDefinition } from "../server/jobs/save-job-definition";
import { setJobDependencies } from "../server/workflows/save-dependencies";
import { closeSharedRedis } from "../server/redis";
import { createChannel } from "../server/notifications/create-channel";
import { saveRoute } from "../server/notifications/save-route";
import { saveRouteInput } from "../server/notifications/schemas";
import { createUser } from "../server/users/create-user";
import type { JobDefinitionFields } from "../server/jobs/schemas";
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

/** The jobs every installation starts with; operators change or pause them in the console. */
export function demoJobDefinitions(): Array<Partial<JobDefinitionFields> & Pick<JobDefinitionFields, "name" | "kind">> {
  const jobs: Array<Partial<JobDefinitionFields> & Pick<JobDefinitionFields, "name" | "kind">> = [
    {
      name: "Retention purge",
      kind: "retention-purge",
      params: {},
      priority: "P4",
      complexity: "moderate",
      schedule: { type: "cron", cron: "0 3 * * *", timeZone: "UTC" },
    },
    {
      name: "Infrastructure report",
      kind: "report",
      params: {},
      priority: "P2",
      complexity: "moderate",
      schedule: { type: "cron", cron: "*/5 * * * *", timeZone: "UTC" },
    },
    // No schedule of its own: the demo workflow runs it after every successful 5-minute report (demoWorkflows).
    {
      name: "Hourly report rollup",
      kind: "report-rollup",
      params: { resolution: "1h" },
      priority: "P3",
    },
    // Each other rollup runs more often than its period so windows dirtied by late data are rebuilt soon.
    {
      name: "Daily report rollup",
      kind: "report-rollup",
      params: { resolution: "1d" },
      priority: "P3",
      schedule: { type: "cron", cron: "20 * * * *", timeZone: "UTC" },
    },
    {
      name: "Weekly report rollup",
      kind: "report-rollup",
      params: { resolution: "1w" },
      priority: "P4",
      schedule: { type: "cron", cron: "40 1 * * *", timeZone: "UTC" },
    },
    {
      name: "Monthly report rollup",
      kind: "report-rollup",
      params: { resolution: "1mo" },
      priority: "P4",
      schedule: { type: "cron", cron: "50 1 * * *", timeZone: "UTC" },
    },
  ];
  // Test databases start without the scan: one every 30 s would run inside every worker test.
  if (env().NODE_ENV !== "test") jobs.push(demoAnomalyScan, demoQcEvaluation);
  return jobs;
}

/** The demo's workflow edges by job name: downstream runs after upstream ends as the condition says (see Workflows in the README). */
export const demoWorkflows = [{ upstream: "Infrastructure report", downstream: "Hourly report rollup", condition: "success" }] as const;

/** Adds the demo's workflow edges where the downstream job has no upstream yet (an operator's own graph stays). */
export async function seedDemoWorkflows(): Promise<void> {
  for (const edge of demoWorkflows) {
    const [upstream, downstream] = await Promise.all([
      db.jobDefinition.findUnique({ where: { name: edge.upstream } }),
      db.jobDefinition.findUnique({ where: { name: edge.downstream }, include: { downstreamOf: true } }),
    ]);
    if (!upstream || !downstream || downstream.downstreamOf.length) continue;
    await setJobDependencies(db, { definitionId: downstream.id, upstream: [{ definitionId: upstream.id, condition: edge.condition }], fanOut: null });
  }
}

/** QC over every configured quantity's sensors, hourly, re-judging the last 26 h so late readings get their flags. */
export const demoQcEvaluation = {
  name: "QC evaluation",
  kind: "qc-evaluate",
  params: { lastHours: 26 },
  priority: "P4",
  complexity: "complex",
  schedule: { type: "cron", cron: "10 * * * *", timeZone: "UTC" },
  timeoutMs: 3_600_000,
} as const satisfies Partial<JobDefinitionFields> & Pick<JobDefinitionFields, "name" | "kind">;

/** Scans every active sensor's new readings twice a minute. */
export const demoAnomalyScan = {
  name: "Anomaly scan",
  kind: "anomaly-scan",
  params: {},
  priority: "P2",
  complexity: "moderate",
  schedule: { type: "interval", everyMs: 30_000 },
  timeoutMs: 120_000,
} as const satisfies Partial<JobDefinitionFields> & Pick<JobDefinitionFields, "name" | "kind">;

/** Creates what is missing and leaves what exists (an operator may have changed it) as it is. */
async function ignoreConflict(create: () => Promise<unknown>): Promise<void> {
  try {
    await create();
  } catch (err) {
    if (!(err instanceof DomainError && err.code === "CONFLICT")) throw err;
  }
}

export async function seed(): Promise<void> {
  for (const user of demoUsers()) await ignoreConflict(() => createUser(db, { ...user, password: env().DEMO_ADMIN_PASSWORD }));
  for (const fields of demoJobDefinitions()) await ignoreConflict(() => saveJobDefinition(db, { fields, changedBy: "seed" }));
  await seedDemoWorkflows();
  if (env().NODE_ENV !== "test") await seedDemoNotifications();
}

/** The demo mails critical incidents and operational alerts to the local mailbox (MAILBOX_DIR), once routes are empty. */
async function seedDemoNotifications(): Promise<void> {
  if ((await db.notificationRoute.count()) > 0) return;
  const name = "Demo on-call mailbox";
  const existing = await db.notificationChannel.findUnique({ where: { name } });
  const channel =
    existing ?? (await createChannel(db, { input: { type: "email", name, to: [`oncall@${env().DEMO_ADMIN_EMAIL.split("@")[1]}`], rateLimitPerMinute: 30 } }));
  await saveRoute(db, {
    input: saveRouteInput.parse({
      name: "Critical → on-call mailbox",
      position: 0,
      matchers: { severity: ["critical"] },
      channelIds: [channel.id],
      groupWaitSeconds: 10,
    }),
  });
}

if (require.main === module) {
  const close = async () => {
    closeSharedRedis();
    await db.$disconnect();
  };
  seed()
    .then(close)
    .catch(async (err) => {
      console.error(err);
      await close();
      process.exit(1);
    });
}
