import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { haproxyConfig, parseHaproxyStats, type BackendStatus } from "./haproxy-config";
import { until } from "./until";
import { freePort } from "../../scripts/services/common";

const root = path.resolve(__dirname, "..", "..");

export interface WebClusterOptions {
  webs?: number;
  /** Extra environment for every web process (on top of this process's). */
  env?: Record<string, string>;
  /** Where each web process's stdout and stderr go (default: ignored). */
  onOutput?: (web: string, chunk: string) => void;
}

export interface WebProcess {
  name: string;
  port: number;
  url: string;
  child: ChildProcess;
}

export interface WebCluster {
  /** The balancer: what browsers use, and every web process's PUBLIC_URL. */
  url: string;
  webs: WebProcess[];
  /** SIGKILL one web process: no goodbye to its sockets, as a crashed host. */
  kill(name: string): void;
  /** Each web process's status as HAProxy sees it. */
  status(): Promise<Record<string, BackendStatus>>;
  waitForStatus(name: string, status: "UP" | "DOWN", timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

function stopChild(child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    if (!running(child)) return resolve();
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/**
 * N web processes (the `npm start` server with the test kinds, sharing the .next build) on free
 * loopback ports behind Debian's HAProxy, with a config generated into a temporary folder. stop()
 * ends every process and removes the folder; a hard exit of the caller kills them too.
 */
export async function startWebCluster(options: WebClusterOptions = {}): Promise<WebCluster> {
  if (spawnSync("sh", ["-c", "command -v haproxy"]).status !== 0) {
    throw new Error("haproxy is not installed: `npm test` and `npm run drill` install it (apt-get install haproxy)");
  }
  const count = options.webs ?? 2;
  const [lbPort, statsPort, ...ports] = await Promise.all(Array.from({ length: count + 2 }, freePort));
  const url = `http://127.0.0.1:${lbPort}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), "gristmill-web-cluster-"));
  const children: ChildProcess[] = [];
  const killAll = () => {
    for (const child of children) if (running(child)) child.kill("SIGKILL");
  };
  process.once("exit", killAll);

  const webs: WebProcess[] = ports.map((port, i) => {
    const name = `web${i + 1}`;
    const child = spawn(process.execPath, ["--import", "tsx", "tests/support/web-with-test-kinds.ts"], {
      cwd: root,
      env: {
        ...process.env,
        ...options.env,
        PORT: String(port),
        HOST: "127.0.0.1",
        PUBLIC_URL: url,
        // HAProxy is the peer of every request; the browser's address is in its X-Forwarded-For.
        TRUSTED_PROXIES: "127.0.0.1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    for (const stream of [child.stdout!, child.stderr!]) stream.on("data", (d: Buffer) => options.onOutput?.(name, d.toString()));
    children.push(child);
    return { name, port, url: `http://127.0.0.1:${port}`, child };
  });
  const configFile = path.join(dir, "haproxy.cfg");
  writeFileSync(
    configFile,
    haproxyConfig({
      bind: `127.0.0.1:${lbPort}`,
      statsBind: `127.0.0.1:${statsPort}`,
      backends: webs.map((w) => ({ name: w.name, host: "127.0.0.1", port: w.port })),
    }),
  );

  const status = async () => parseHaproxyStats(await (await fetch(`http://127.0.0.1:${statsPort}/stats;csv`)).text());
  const waitForStatus = async (name: string, wanted: "UP" | "DOWN", timeoutMs = 30_000) => {
    await until(
      `${name} ${wanted} behind HAProxy`,
      () =>
        status().then(
          (s) => s[name] === wanted,
          () => false,
        ),
      timeoutMs,
    );
  };
  const stop = async () => {
    await Promise.all(children.map((c) => stopChild(c)));
    process.off("exit", killAll);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await Promise.all(
      webs.map((w) =>
        until(
          `${w.name} answering on ${w.port}`,
          async () => {
            if (!running(w.child)) throw new Error(`${w.name} exited (${w.child.exitCode ?? w.child.signalCode})`);
            return fetch(`${w.url}/login`).then(
              (r) => r.status === 200,
              () => false,
            );
          },
          90_000,
        ),
      ),
    );
    // -db: in the foreground, so this process owns it and its exit.
    const haproxy = spawn("haproxy", ["-db", "-f", configFile], { stdio: ["ignore", "ignore", "pipe"] });
    haproxy.stderr!.on("data", (d: Buffer) => options.onOutput?.("haproxy", d.toString()));
    children.push(haproxy);
    for (const w of webs) await waitForStatus(w.name, "UP");
  } catch (err) {
    await stop();
    throw err;
  }

  return {
    url,
    webs,
    kill(name) {
      webs.find((w) => w.name === name)?.child.kill("SIGKILL");
    },
    status,
    waitForStatus,
    stop,
  };
}
