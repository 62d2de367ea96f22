import { mkdirSync } from "node:fs";
import path from "node:path";
import { Redis } from "ioredis";
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

/** Finds Redis at REDIS_URL, or installs and starts a local one (AOF on, data under .data/redis). */
export async function ensureRedis(redisUrl: string): Promise<StartedService | undefined> {
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
  const child = spawnService("redis", "redis-server", ["--port", port, "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes", "--appendfsync", "everysec", "--save", ""]);
  await waitFor("Redis", () => ping(redisUrl));
  return { name: "redis", stop: () => stopChild(child) };
}

/**
 * Deletes every key under `prefix:` (queues, workers, rate limits, events of one test run), so a
 * run starts from nothing, as its freshly created database does. Returns how many keys went.
 */
export async function clearRedisPrefix(redisUrl: string, prefix: string): Promise<number> {
  const client = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
  let removed = 0;
  try {
    for await (const keys of client.scanStream({ match: `${prefix}:*`, count: 1000 }) as AsyncIterable<string[]>) {
      if (keys.length) removed += await client.unlink(...keys);
    }
  } finally {
    client.disconnect();
  }
  return removed;
}
