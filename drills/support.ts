import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, openSync, rmSync } from "node:fs";
import path from "node:path";
import { Redis } from "ioredis";
import { root } from "../bench/support/processes";
import { pingInflux, writeInfluxConfig } from "../scripts/services/influx";

export interface DrillResult {
  drill: string;
  pass: boolean;
  counts: Record<string, number>;
  note?: string;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A private Redis for a drill, configured like the demo's (append-only file, fsync every second). */
export function privateRedis(port: number) {
  const dir = path.join(root, ".data", `drill-redis-${port}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let child: ChildProcess | undefined;
  const url = `redis://127.0.0.1:${port}/0`;
  const ping = async () => {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      await client.connect();
      return (await client.ping()) === "PONG";
    } finally {
      client.disconnect();
    }
  };
  return {
    url,
    async start() {
      child = spawn(
        "redis-server",
        ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes", "--appendfsync", "everysec", "--save", ""],
        { stdio: "ignore" },
      );
      await waitUntil("private redis", ping, 10_000);
    },
    async stop() {
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((r) => child!.once("exit", r));
      child.kill("SIGTERM"); // Redis writes its append-only file out before it exits.
      await exited;
    },
  };
}

/**
 * A private InfluxDB 1.x for a drill, on its own HTTP and RPC ports with its data under
 * .data/drill-influx-<port> (emptied on creation, kept across stop/start). Refuses to start when
 * something already answers on the port: a drill never touches another server.
 */
export function privateInflux(port: number, rpcPort: number) {
  const dir = path.join(root, ".data", `drill-influx-${port}`);
  rmSync(dir, { recursive: true, force: true });
  const configFile = writeInfluxConfig({ dir, httpPort: port, rpcPort });
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let frozen = false;
  const running = () => child !== undefined && child.exitCode === null && child.signalCode === null;
  return {
    url,
    async start() {
      if (await pingInflux(url).catch(() => false)) throw new Error(`something already answers on ${url}; the drill needs that port for its own InfluxDB`);
      const log = openSync(path.join(dir, "influxd.log"), "a");
      child = spawn("influxd", ["-config", configFile], { stdio: ["ignore", log, log] });
      await waitUntil("private influxd", () => pingInflux(url), 30_000);
    },
    /** Stops the process (SIGTERM, as an orderly shutdown or a crash-restart would): connections are refused. */
    async stop() {
      if (!running()) return;
      if (frozen) this.thaw();
      const exited = new Promise((r) => child!.once("exit", r));
      child!.kill("SIGTERM");
      await exited;
    },
    /** Freezes the process (SIGSTOP): connections are accepted and never answered, as with a hung server. */
    freeze() {
      if (!running() || frozen) return;
      child!.kill("SIGSTOP");
      frozen = true;
    },
    thaw() {
      if (!running() || !frozen) return;
      child!.kill("SIGCONT");
      frozen = false;
    },
  };
}
