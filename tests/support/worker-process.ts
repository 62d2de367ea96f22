import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const root = path.resolve(__dirname, "..", "..");

export interface WorkerProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
  output(): string;
}

/** A real worker process (npm run worker, with the test kinds) with extra settings, its output captured. */
export function startWorkerProcess(extraEnv: Record<string, string> = {}): WorkerProcess {
  let output = "";
  // node --import tsx, not the tsx launcher: the pid and signals must reach the worker itself.
  const child = spawn(process.execPath, ["--import", "tsx", "tests/support/worker-with-test-kinds.ts"], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: "info", ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, output: () => output };
}
