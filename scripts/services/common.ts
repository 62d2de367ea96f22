import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, openSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

export const projectRoot = path.resolve(__dirname, "..", "..");
export const dataDir = path.join(projectRoot, ".data");

/** A fatal set-up problem: printed as one clear message, no stack trace. */
export class SetupError extends Error {}

export interface StartedService {
  name: string;
  stop(): Promise<void>;
}

export function step(message: string): void {
  process.stdout.write(`\x1b[36m▸\x1b[0m ${message}\n`);
}

export function isLocalHost(host: string): boolean {
  return ["localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0"].includes(host);
}

export function which(command: string): string | undefined {
  const result = spawnSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

let aptUpdated = false;

/** Installs Debian packages, or explains exactly what the user must provide instead. */
export function aptInstall(packages: string[], missing: string, envHint: string): void {
  const isRoot = process.getuid?.() === 0;
  const isDebian = existsSync("/etc/debian_version") && which("apt-get");
  if (!isRoot || !isDebian) {
    throw new SetupError(
      `${missing} is not reachable and cannot be installed automatically (${!isDebian ? "not a Debian/Ubuntu system" : "not running as root"}).\n` +
        `Install it yourself (Debian package: ${packages.join(" ")}) or point Gristmill at a running one with ${envHint} in .env.`,
    );
  }
  step(`installing ${packages.join(", ")} with apt-get (one-time)`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  if (!aptUpdated) {
    spawnSync("apt-get", ["update", "-q"], { stdio: "ignore", env });
    aptUpdated = true;
  }
  const result = spawnSync("apt-get", ["install", "-y", "-q", "--no-install-recommends", ...packages], { stdio: "inherit", env });
  if (result.status !== 0) {
    throw new SetupError(`apt-get could not install ${packages.join(" ")}. Install it by hand or set ${envHint} in .env.`);
  }
}

export async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new SetupError(`${what} did not become ready within ${timeoutMs / 1000}s; see the log under .data/logs/.`);
}

/** Starts a long-lived service process with its output in .data/logs/<name>.log. */
export function spawnService(name: string, command: string, args: string[], options: { uid?: number; gid?: number } = {}): ChildProcess {
  const logs = path.join(dataDir, "logs");
  mkdirSync(logs, { recursive: true });
  const out = openSync(path.join(logs, `${name}.log`), "a");
  const child = spawn(command, args, { stdio: ["ignore", out, out], cwd: projectRoot, ...options });
  child.on("error", (err) => process.stderr.write(`${name} failed to start: ${err.message}\n`));
  return child;
}

export function stopChild(child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** A loopback port nothing listens on now (test mailboxes, balancers and web processes started per run must not share one). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
