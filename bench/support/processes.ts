import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

export const root = path.resolve(__dirname, "..", "..");

export interface BenchProcess {
  child: ChildProcess;
  ready: Promise<void>;
  stop(): Promise<void>;
  rssMb(): number;
}

/** Starts `node [nodeFlags] --import tsx script [args]` and resolves `ready` when a stdout line contains readyText. */
export function startProcess(script: string, env: Record<string, string>, readyText: string, nodeFlags: string[] = [], args: string[] = []): BenchProcess {
  const child = spawn(process.execPath, [...nodeFlags, "--import", "tsx", script, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let buffer = "";
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      buffer = (buffer + chunk.toString()).slice(-10_000);
      if (buffer.includes(readyText)) resolve();
    });
    child.once("exit", (code) => reject(new Error(`${script} exited (${code}) before it was ready`)));
  });
  return {
    child,
    ready,
    rssMb() {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
        return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
      } catch {
        return 0;
      }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return Math.round(sorted[i] * 10) / 10;
}

export function summarize(values: number[]): { p50: number; p95: number; p99: number; n: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), p99: percentile(sorted, 0.99), n: sorted.length };
}

export const argValue = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
export const quick = process.argv.includes("--quick");

/** Progress on stderr so stdout stays pure JSON. */
export const progress = (message: string) => process.stderr.write(`  · ${message}\n`);
