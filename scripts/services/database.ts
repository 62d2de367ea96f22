import { spawnSync } from "node:child_process";
import path from "node:path";
import { projectRoot, SetupError, step } from "./common";
import { createDatabaseIfMissing, dropDatabase } from "./postgres";

export function run(command: string, args: string[], extraEnv: Record<string, string> = {}, options: { quiet?: boolean } = {}): number {
  const result = spawnSync(command, args, {
    cwd: projectRoot,
    stdio: options.quiet ? ["ignore", "pipe", "pipe"] : "inherit",
    env: { ...process.env, ...extraEnv },
  });
  if (options.quiet && result.status !== 0) process.stderr.write(`${result.stdout}${result.stderr}`);
  return result.status ?? 1;
}

export function must(code: number, what: string): void {
  if (code !== 0) throw new SetupError(`${what} failed (exit ${code}).`);
}

export const bin = (name: string) => path.join(projectRoot, "node_modules", ".bin", name);
// Stops the Prisma CLI from downloading a native engine: the JS engine and the bundled WASM schema engine do the work.
const prismaEnv = { PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false", PRISMA_HIDE_UPDATE_MESSAGE: "1" };

/** Creates the database if needed (dropping it first when fresh), migrates it and seeds the demo accounts. */
export async function prepareDatabase(config: { DATABASE_URL: string }, fresh: boolean): Promise<void> {
  if (fresh) await dropDatabase(config.DATABASE_URL);
  await createDatabaseIfMissing(config.DATABASE_URL);
  step("Prisma: generating the client and applying migrations");
  must(run(bin("prisma"), ["generate"], { ...prismaEnv, DATABASE_URL: config.DATABASE_URL }, { quiet: true }), "prisma generate");
  must(run(bin("prisma"), ["migrate", "deploy"], { ...prismaEnv, DATABASE_URL: config.DATABASE_URL }, { quiet: true }), "prisma migrate deploy");
  step("Seeding demo accounts");
  must(run(bin("tsx"), ["prisma/seed.ts"], { DATABASE_URL: config.DATABASE_URL }), "seed");
}
