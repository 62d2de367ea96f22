/**
 * Job definitions as code.
 *   npm run jobs -- export > jobs.yaml        (or --out jobs.yaml; npm's own banner lines are ignored by apply)
 *   npm run jobs -- apply jobs.yaml [--dry-run] [--prune] [--actor NAME]
 * `apply` validates every entry with the console's schemas before writing anything, prints what changes
 * (create, update field by field, unchanged; delete only with --prune), then writes it all in one transaction,
 * audited as `cli:NAME` (default: the OS user @ host). Reads DATABASE_URL (and REDIS_URL, to tell the workers) from .env.
 */
import "../server/load-dotenv";
import "../server/catalog/job-kinds";
import { readFile, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import { parseArgs } from "node:util";
import { z } from "zod";
import { db } from "../server/db";
import { DomainError } from "../server/errors";
import { applyJobsConfig } from "../server/jobs/apply-jobs-config";
import { exportJobsConfig } from "../server/jobs/export-jobs-config";
import { JOBS_CONFIG_MAX_BYTES } from "../server/jobs/jobs-config-format";
import { formatJobsConfigPlan } from "../server/jobs/plan-jobs-config";
import { closeSharedRedis } from "../server/redis";

const usage = "usage: npm run jobs -- export [--out FILE] | apply FILE [--dry-run] [--prune] [--actor NAME]";
const actorName = z.string().regex(/^[\w.@-]{1,64}$/, "--actor: 1-64 letters, digits, . @ - _");

async function readJobsFile(file: string): Promise<string> {
  // Sized before it is read: an oversized file is refused without holding it in memory.
  const { size } = await stat(file);
  if (size > JOBS_CONFIG_MAX_BYTES) throw new DomainError("INVALID", `${file} is ${size} bytes; at most ${JOBS_CONFIG_MAX_BYTES} are accepted`);
  return readFile(file, "utf8");
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { out: { type: "string" }, "dry-run": { type: "boolean", default: false }, prune: { type: "boolean", default: false }, actor: { type: "string" } },
    strict: true,
  });
  const [command, file, ...rest] = positionals;
  if (command === "export" && !file) {
    const { yaml } = await exportJobsConfig(db);
    if (values.out) await writeFile(values.out, yaml);
    else process.stdout.write(yaml);
    return 0;
  }
  if (command !== "apply" || !file || rest.length) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  const actor = `cli:${actorName.parse(values.actor ?? `${os.userInfo().username}@${os.hostname()}`.replace(/[^\w.@-]/g, "_").slice(0, 64))}`;
  const result = await applyJobsConfig(db, {
    text: await readJobsFile(file),
    prune: values.prune!,
    dryRun: values["dry-run"]!,
    actor: { email: actor },
    source: "cli",
  });
  process.stdout.write(formatJobsConfigPlan(result.plan));
  process.stdout.write(values["dry-run"] ? "dry run: nothing written\n" : result.applied ? `applied as ${actor}\n` : "nothing to change\n");
  return 0;
}

main()
  .then((code) => (process.exitCode = code))
  .catch((err) => {
    const issues = err instanceof DomainError ? (err.details?.issues as Array<{ path: string; message: string }> | undefined) : undefined;
    if (issues)
      process.stderr.write(`jobs: the file is not valid, nothing was written:\n${issues.map((i) => `  ${i.path || "file"}: ${i.message}`).join("\n")}\n`);
    else if (err instanceof z.ZodError) process.stderr.write(`jobs: ${err.issues.map((i) => i.message).join("; ")}\n`);
    else process.stderr.write(`jobs: ${(err as Error).message}\n`);
    process.exitCode = 1;
  })
  .finally(async () => {
    await db.$disconnect();
    closeSharedRedis();
  });
