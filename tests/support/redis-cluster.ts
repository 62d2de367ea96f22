import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Redis } from "ioredis";

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface LocalRedisClusterOptions {
  masters: number;
  replicasPerMaster: number;
  /** cluster-node-timeout: how long a master may be unreachable before the others fail it over (Redis' default is 15 s). */
  nodeTimeoutMs?: number;
}

export interface LocalRedisCluster {
  ports: number[];
  /** The value for REDIS_CLUSTER_NODES. */
  seedNodes: string;
  clusterNodes: Array<{ host: string; port: number }>;
  /** The port of the master serving the slot of `key` (a hash tag's slot for `{tag}:…`), asked of a live node. */
  masterFor(key: string): Promise<number>;
  /** SIGKILL one node: no goodbye to its peers or its clients, as a crashed host. */
  kill(port: number): void;
  alive(port: number): boolean;
  /** Every live node answers cluster_state:ok and agrees on who serves every slot. */
  waitUntilOk(timeoutMs?: number): Promise<void>;
  stop(): void;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** Ports P where P and its cluster-bus port P + 10000 are both free now. */
async function freeClusterPorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let tries = 0; ports.length < count && tries < 1_000; tries++) {
    const port = 20_000 + Math.floor(Math.random() * 25_000);
    if (!ports.includes(port) && (await portFree(port)) && (await portFree(port + 10_000))) ports.push(port);
  }
  if (ports.length < count) throw new Error("no free loopback ports for a Redis Cluster");
  return ports;
}

/** One command to one node, on a connection of its own (the node may be the one that just died). */
async function call(port: number, ...args: string[]): Promise<unknown> {
  const client = new Redis({ host: "127.0.0.1", port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1_000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    return await client.call(args[0], ...args.slice(1));
  } finally {
    client.disconnect();
  }
}
const ask = async (port: number, ...args: string[]) => String(await call(port, ...args));

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * A Redis Cluster of Debian's redis-server on free loopback ports, data in a temporary folder
 * (nothing persisted: no RDB, no AOF), created with redis-cli --cluster create. stop() kills every
 * node and removes the folder; it also runs when the process exits.
 */
export async function startLocalRedisCluster(options: LocalRedisClusterOptions): Promise<LocalRedisCluster> {
  const total = options.masters * (1 + options.replicasPerMaster);
  const dir = mkdtempSync(path.join(os.tmpdir(), "gristmill-redis-cluster-"));
  const ports = await freeClusterPorts(total);
  const children = new Map<number, ChildProcess>();
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    for (const child of children.values()) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
    process.off("exit", stop);
  };
  process.once("exit", stop);
  const alive = (port: number) => {
    const child = children.get(port);
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  };
  try {
    for (const port of ports) {
      const args = [
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--cluster-enabled",
        "yes",
        "--cluster-config-file",
        path.join(dir, `nodes-${port}.conf`),
        "--cluster-node-timeout",
        String(options.nodeTimeoutMs ?? 15_000),
        "--dir",
        dir,
        "--dbfilename",
        `dump-${port}.rdb`,
        "--save",
        "",
        "--appendonly",
        "no",
        "--logfile",
        path.join(dir, `redis-${port}.log`),
      ];
      children.set(port, spawn("redis-server", args, { stdio: "ignore" }));
    }
    await Promise.all(ports.map((port) => until(`redis-server on ${port}`, async () => (await ask(port, "PING")) === "PONG", 10_000)));
    await run(
      "redis-cli",
      ["--cluster", "create", ...ports.map((p) => `127.0.0.1:${p}`), "--cluster-replicas", String(options.replicasPerMaster), "--cluster-yes"],
      { timeout: 30_000 },
    );
  } catch (err) {
    stop();
    throw err;
  }

  const liveNode = () => {
    const port = ports.find(alive);
    if (port === undefined) throw new Error("no node of the cluster is alive");
    return port;
  };
  const cluster: LocalRedisCluster = {
    ports,
    seedNodes: ports.map((p) => `127.0.0.1:${p}`).join(","),
    clusterNodes: ports.map((port) => ({ host: "127.0.0.1", port })),
    async masterFor(key) {
      const port = liveNode();
      const slot = Number(await ask(port, "CLUSTER", "KEYSLOT", key));
      const slots = (await call(port, "CLUSTER", "SLOTS")) as Array<[number, number, [string, number, string]]>;
      const range = slots.find(([from, to]) => slot >= from && slot <= to);
      if (!range) throw new Error(`no master serves slot ${slot}`);
      return range[2][1];
    },
    kill(port) {
      children.get(port)?.kill("SIGKILL");
    },
    alive,
    async waitUntilOk(timeoutMs = 30_000) {
      await until(
        "cluster_state:ok on every live node",
        async () => {
          const live = ports.filter(alive);
          const states = await Promise.all(live.map((p) => ask(p, "CLUSTER", "INFO")));
          if (!states.every((s) => /cluster_state:ok/.test(s))) return false;
          // Every live node must see the same masters for all slots (a fresh or just-failed-over cluster converges within a few gossip rounds).
          const views = await Promise.all(live.map((p) => ask(p, "CLUSTER", "NODES")));
          const masters = views.map((v) =>
            v
              .split("\n")
              .filter((l) => /\bmaster\b/.test(l) && !/\bfail\b/.test(l) && /\d+-\d+/.test(l))
              .map((l) => l.split(" ")[1].split("@")[0])
              .sort()
              .join(","),
          );
          return masters.every((m) => m === masters[0]) && masters[0].split(",").length === options.masters;
        },
        timeoutMs,
      );
    },
    stop,
  };
  await cluster.waitUntilOk();
  // A replica can take over only once it has synced with its master; until then a dead master stays dead.
  const replicas = options.masters * options.replicasPerMaster;
  await until(
    "every replica in sync",
    async () => {
      const roles = await Promise.all(ports.map((p) => ask(p, "INFO", "replication")));
      return roles.filter((r) => /role:slave/.test(r) && /master_link_status:up/.test(r)).length === replicas;
    },
    30_000,
  );
  return cluster;
}
