import { mkdirSync } from "node:fs";
import path from "node:path";
import { Cluster, Redis } from "ioredis";
import type { Env } from "../../server/env";
import { redisKeyPrefix, redisTarget } from "../../server/redis";
import { aptInstall, dataDir, isLocalHost, spawnService, step, stopChild, waitFor, which, SetupError, type StartedService } from "./common";

async function ping(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } finally {
    client.disconnect();
  }
}

/** A Redis Cluster is the operator's to run: it is checked (every slot served), never started here. */
async function ensureCluster(nodes: Env["REDIS_CLUSTER_NODES"]): Promise<undefined> {
  const listed = nodes.map((n) => `${n.host}:${n.port}`).join(",");
  const cluster = new Cluster(nodes, { lazyConnect: true, clusterRetryStrategy: () => null, redisOptions: { connectTimeout: 2_000, maxRetriesPerRequest: 0 } });
  cluster.on("error", () => undefined);
  try {
    await cluster.connect();
    const info = (await cluster.call("CLUSTER", "INFO")) as string;
    if (!/cluster_state:ok/.test(info)) throw new Error(info.split("\n")[0]);
  } catch (err) {
    throw new SetupError(
      `The Redis Cluster at REDIS_CLUSTER_NODES=${listed} is not ready (${(err as Error).message}). Start it, or unset REDIS_CLUSTER_NODES to use REDIS_URL.`,
    );
  } finally {
    cluster.disconnect();
  }
  step(`Redis: using the cluster at ${listed}`);
  return undefined;
}

/** Finds Redis at REDIS_URL (or the cluster at REDIS_CLUSTER_NODES), or installs and starts a local one (AOF on, data under .data/redis). */
export async function ensureRedis(config: Pick<Env, "REDIS_URL" | "REDIS_CLUSTER_NODES">): Promise<StartedService | undefined> {
  if (config.REDIS_CLUSTER_NODES.length) return ensureCluster(config.REDIS_CLUSTER_NODES);
  const redisUrl = config.REDIS_URL;
  if (await ping(redisUrl).catch(() => false)) {
    step(`Redis: using ${new URL(redisUrl).host}`);
    return undefined;
  }
  const url = new URL(redisUrl);
  if (!isLocalHost(url.hostname)) throw new SetupError(`Redis is not reachable at REDIS_URL=${redisUrl}. Start it, or fix REDIS_URL in .env.`);
  if (!which("redis-server")) aptInstall(["redis-server"], "Redis", "REDIS_URL");

  const port = url.port || "6379";
  const dir = path.join(dataDir, "redis");
  mkdirSync(dir, { recursive: true });
  step(`Redis: starting a local server on port ${port} (append-only file in .data/redis)`);
  // AOF so a restart of the local Redis loses no queued job (BullMQ keeps all state in Redis).
  const child = spawnService("redis", "redis-server", [
    "--port",
    port,
    "--bind",
    "127.0.0.1",
    "--dir",
    dir,
    "--appendonly",
    "yes",
    "--appendfsync",
    "everysec",
    "--save",
    "",
  ]);
  await waitFor("Redis", () => ping(redisUrl));
  return { name: "redis", stop: () => stopChild(child) };
}

/**
 * Deletes every key under the configured prefix (queues, workers, rate limits, events of one test run),
 * so a run starts from nothing, as its freshly created database does. Returns how many keys went.
 */
export async function clearRedisPrefix(config: Pick<Env, "REDIS_URL" | "REDIS_CLUSTER_NODES" | "QUEUE_PREFIX">): Promise<number> {
  const target = redisTarget(config);
  const client =
    "url" in target ? new Redis(target.url, { lazyConnect: true, maxRetriesPerRequest: 1 }) : new Cluster(target.clusterNodes, { lazyConnect: true });
  await client.connect();
  let removed = 0;
  try {
    // SCAN sees one server's keys: on a cluster each master is scanned (the prefix's hash tag puts them all on one).
    const servers = client instanceof Cluster ? client.nodes("master") : [client];
    for (const server of servers) {
      for await (const keys of server.scanStream({ match: `${redisKeyPrefix(config)}:*`, count: 1000 }) as AsyncIterable<string[]>) {
        if (keys.length) removed += await server.unlink(...keys);
      }
    }
  } finally {
    client.disconnect();
  }
  return removed;
}
