/**
 * Sets up everything Gristmill needs (services, database, build) and runs one mode:
 *   demo      console + worker (+ simulated sensors) on the configured services
 *   test      typecheck, format and lint, unit + integration tests, Playwright, on separate test databases
 *   services  the local services only, kept running for development
 *   bench     every bench/ script against the local services, one JSON file and a table
 *   drill     fault drills against real services, a pass/fail table
 * Ctrl-C stops what this script started and nothing else.
 */
import "../server/load-dotenv";
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { envSchema, type Env } from "../server/env";
import { aptInstall, dataDir, freePort, projectRoot, SetupError, step, stopChild, type StartedService } from "./services/common";
import { ensureHaproxy } from "./services/haproxy";
import { ensureInflux } from "./services/influx";
import { bin, must, prepareDatabase, run } from "./services/database";
import { ensurePostgres } from "./services/postgres";
import { clearRedisPrefix, ensureRedis } from "./services/redis";
import { ensureNotificationsKey, ensureSmtp } from "./services/smtp";
import { WORKER_NODE_FLAGS } from "../worker/node-flags";

type Mode = "demo" | "test" | "services" | "bench" | "drill" | "soak";
const started: StartedService[] = [];
const children: ChildProcess[] = [];

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Test runs get their own database, InfluxDB database, queue prefix and port, so a running demo is untouched. */
function testEnv(base: Env): Record<string, string> {
  const dbName = decodeURIComponent(new URL(base.DATABASE_URL).pathname.slice(1));
  const port = String(process.env.TEST_PORT ?? base.PORT + 100);
  return {
    NODE_ENV: "test",
    DATABASE_URL: process.env.TEST_DATABASE_URL ?? withDatabase(base.DATABASE_URL, `${dbName}_test`),
    // A replica of the demo's database would serve it to the test pages; tests and drills bring their own.
    READ_DATABASE_URL: "",
    INFLUX_DB: `${base.INFLUX_DB}_test`,
    QUEUE_PREFIX: `${base.QUEUE_PREFIX}-test`,
    PORT: port,
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    HEARTBEAT_INTERVAL_MS: "1000",
    TELEMETRY_FLUSH_MS: "500",
    // Tests call the coverage filler themselves; a worker's own sweep would race their fixtures.
    COVERAGE_FILL_INTERVAL_MS: "3600000",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
  };
}

function sourceStamp(): string {
  const hash = createHash("sha256");
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      // The generated Prisma client is rewritten on every set-up; the schema stands for it below.
      if (entry.isDirectory()) {
        if (!full.endsWith(path.join("db", "generated"))) walk(full);
      } else hash.update(`${full}:${statSync(full).mtimeMs}:${statSync(full).size}\n`);
    }
  };
  for (const dir of ["app", "components", "server"]) walk(path.join(projectRoot, dir));
  for (const file of ["next.config.js", "package-lock.json", "tsconfig.json", "prisma/schema.prisma"]) hash.update(readFileSync(path.join(projectRoot, file)));
  return hash.digest("hex");
}

function buildIfStale(): void {
  const stampFile = path.join(projectRoot, ".next", "gristmill-source-stamp");
  const stamp = sourceStamp();
  if (existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp) {
    step("Next.js: build is up to date");
    return;
  }
  step("Next.js: building the console (production build)");
  must(run(bin("next"), ["build"], { NEXT_TELEMETRY_DISABLED: "1" }), "next build");
  writeFileSync(stampFile, sourceStamp()); // after the build: next build may rewrite tsconfig.json
}

/** Playwright cannot download its own browser here; it drives Debian's Chromium. */
function ensureChromium(): void {
  const browser = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(browser)) aptInstall(["chromium"], "Chromium (for the browser tests)", "CHROMIUM_PATH");
}

function startProcess(script: string, extraEnv: Record<string, string> = {}, args: string[] = [], nodeFlags: string[] = []): ChildProcess {
  const child = spawn(process.execPath, [...nodeFlags, "--import", "tsx", script, ...args], {
    cwd: projectRoot,
    stdio: "inherit",
    env: { ...process.env, ...extraEnv },
  });
  children.push(child);
  return child;
}

async function stopAll(): Promise<void> {
  await Promise.all(children.splice(0).map((c) => stopChild(c, 35_000)));
  for (const service of started.splice(0).reverse()) await service.stop();
}

/** Test, bench and drill runs get a mailbox of their own on a free port. */
async function useTestMailbox(): Promise<void> {
  if (process.env.TEST_SMTP_URL) process.env.SMTP_URL = process.env.TEST_SMTP_URL;
  else process.env.SMTP_URL = `smtp://127.0.0.1:${await freePort()}`;
  process.env.MAILBOX_DIR = path.join(".data", "mailbox-test");
}

async function ensureServices(config: Env): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  ensureNotificationsKey();
  for (const ensure of [
    () => ensurePostgres(config.DATABASE_URL),
    () => ensureRedis(config),
    () => ensureInflux(config.INFLUX_URL),
    () => ensureSmtp(config.SMTP_URL, config.MAILBOX_DIR),
  ]) {
    const service = await ensure();
    if (service) started.push(service);
  }
}

function parseFlags(args: string[]): { only?: Set<string>; passThrough: string[] } {
  const only = args.find((a) => a.startsWith("--only="))?.slice(7);
  return { only: only ? new Set(only.split(",")) : undefined, passThrough: args.filter((a) => !a.startsWith("--only=")) };
}

interface Counts {
  passed: number;
  failed: number;
}

function vitestCounts(file: string): Counts {
  if (!existsSync(file)) return { passed: 0, failed: 1 };
  const report = JSON.parse(readFileSync(file, "utf8")) as { numPassedTests: number; numFailedTests: number };
  return { passed: report.numPassedTests, failed: report.numFailedTests };
}

function playwrightCounts(file: string): Counts {
  if (!existsSync(file)) return { passed: 0, failed: 1 };
  const report = JSON.parse(readFileSync(file, "utf8")) as { stats: { expected: number; unexpected: number; flaky: number } };
  return { passed: report.stats.expected + report.stats.flaky, failed: report.stats.unexpected };
}

async function runTests(base: Env, args: string[]): Promise<number> {
  const overrides = testEnv(base);
  Object.assign(process.env, overrides);
  await useTestMailbox();
  const config = envSchema.parse(process.env);
  await ensureServices(config);
  const freshStores = async () => {
    await prepareDatabase(config, true);
    await clearRedisPrefix(config);
  };
  await freshStores();
  const { only, passThrough } = parseFlags(args);
  const wants = (stage: string) => !only || only.has(stage);
  // The balancer config's test and the multi-web browser test run Debian's HAProxy.
  if (wants("unit") || wants("e2e")) ensureHaproxy();
  const results = path.join(dataDir, "test-results");
  mkdirSync(results, { recursive: true });
  const totals: Counts = { passed: 0, failed: 0 };
  let code = 0;

  if (wants("typecheck")) {
    step("Typecheck (tsc --noEmit)");
    const tsc = run(bin("tsc"), ["--noEmit"]);
    if (tsc !== 0) code = tsc;
  }
  if (wants("lint")) {
    step("Format and lint (biome ci)");
    const biome = run(bin("biome"), ["ci", "."]);
    if (biome !== 0) code = biome;
  }
  if (wants("unit")) {
    step("Unit and integration tests (vitest, real PostgreSQL, Redis and InfluxDB)");
    const file = path.join(results, "vitest.json");
    const vitest = run(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${file}`, ...passThrough]);
    const counts = vitestCounts(file);
    totals.passed += counts.passed;
    totals.failed += counts.failed;
    if (vitest !== 0) code = vitest;
  }
  if (wants("e2e")) {
    // The browser flows start from a clean slate too: what the integration tests left queued would
    // otherwise keep the suite's worker busy (backfills, scans) while pages are timed.
    if (wants("unit")) await freshStores();
    ensureChromium();
    buildIfStale();
    step("Browser tests (Playwright, Debian Chromium)");
    const file = path.join(results, "playwright.json");
    // The browser flows need a worker behind the console, as in the demo, that also runs the test kinds.
    const worker = startProcess("tests/support/worker-with-test-kinds.ts");
    const pw = run(bin("playwright"), ["test", ...passThrough], { PLAYWRIGHT_JSON_OUTPUT_NAME: file });
    await stopChild(worker);
    const counts = playwrightCounts(file);
    totals.passed += counts.passed;
    totals.failed += counts.failed;
    if (pw !== 0) code = pw;
  }
  console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed`);
  return code;
}

async function runDemo(config: Env): Promise<never> {
  await ensureServices(config);
  await prepareDatabase(config, false);
  buildIfStale();
  step("Starting the console and one worker");
  const web = startProcess("server/main.ts");
  startProcess("worker/main.ts", {}, [], WORKER_NODE_FLAGS);
  for (const child of children) child.once("exit", (code) => void shutdown(`a process exited (code ${code})`, code ?? 1));
  // A modest fleet, so a laptop keeps up: a day of history first, then live readings with labelled anomalies.
  const truthFile = path.join(dataDir, "simulated-anomalies.json");
  const simulator = startProcess("scripts/simulate.ts", {}, [
    "--sensors",
    "200",
    "--backfill-days",
    "1",
    "--live",
    "--anomaly-rate",
    "0.5",
    "--anomalies",
    truthFile,
  ]);
  simulator.once("exit", (code) => !shuttingDown && step(`simulator stopped (code ${code}); the console keeps running`));
  console.log(`
  Gristmill is running: ${config.PUBLIC_URL}
  Sign in as ${config.DEMO_ADMIN_EMAIL} / ${config.DEMO_ADMIN_PASSWORD}
  (also operator@, engineer@ and stakeholder@${config.DEMO_ADMIN_EMAIL.split("@")[1]} with the same password)
  Simulated sensors: 200, live (injected anomalies listed in ${path.relative(projectRoot, truthFile)})
  Press Ctrl-C to stop everything this command started.
`);
  void web;
  return new Promise<never>(() => undefined);
}

let shuttingDown = false;
async function shutdown(reason: string, code = 0): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  step(`stopping (${reason})`);
  await stopAll();
  process.exit(code);
}

async function main(): Promise<void> {
  const [mode = "demo", ...args] = process.argv.slice(2) as [Mode, ...string[]];
  const base = envSchema.parse(process.env);
  process.on("SIGINT", () => void shutdown("Ctrl-C"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  if (mode === "demo") return void (await runDemo(base));
  if (mode === "services") {
    await ensureServices(base);
    await prepareDatabase(base, false);
    console.log("\nServices are ready. Ctrl-C stops the ones this command started.");
    return new Promise(() => undefined);
  }
  if (mode === "bench" || mode === "drill" || mode === "soak") {
    // Benchmarks, drills and the soak use the test stores, so a running demo is not disturbed.
    Object.assign(process.env, testEnv(base), { LOG_LEVEL: "warn" });
    await useTestMailbox();
    const config = envSchema.parse(process.env);
    await ensureServices(config);
    await prepareDatabase(config, false);
    ensureChromium();
    ensureHaproxy();
    buildIfStale();
    const entry = { bench: "bench/run-all.ts", drill: "drills/run-drills.ts", soak: "drills/soak.ts" }[mode];
    const code = run(process.execPath, ["--import", "tsx", entry, ...args]);
    await stopAll();
    process.exit(code);
  }
  if (mode === "test") {
    const code = await runTests(base, args);
    await stopAll();
    process.exit(code);
  }
  throw new SetupError(`Unknown mode "${mode}" (expected demo, test, services, bench, drill or soak).`);
}

main().catch(async (err) => {
  if (err instanceof SetupError) process.stderr.write(`\n✖ ${err.message}\n`);
  else process.stderr.write(`\n✖ set-up failed: ${(err as Error).stack ?? err}\n`);
  await stopAll().catch(() => undefined);
  process.exit(1);
});
