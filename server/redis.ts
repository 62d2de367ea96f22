import { Redis, type RedisOptions } from "ioredis";
import { env } from "./env";
import { logger } from "./logger";

/**
 * The one Redis connection factory. BullMQ needs maxRetriesPerRequest: null on blocking
 * connections; everyone else gets fast failures so a Redis outage surfaces as an error.
 */
export function createRedis(purpose: "bullmq" | "command" | "subscriber", url = env().REDIS_URL): Redis {
  const options: RedisOptions = {
    // The pid lets a process count its own connections (CLIENT LIST), duplicates (BullMQ's blocking ones) included.
    connectionName: `gristmill:${purpose}:${process.pid}`,
    maxRetriesPerRequest: purpose === "command" ? 2 : null,
    enableReadyCheck: true,
    lazyConnect: false,
  };
  const client = new Redis(url, options);
  // Without a listener ioredis prints every failed reconnect; one line per outage is enough.
  let reported = false;
  client.on("error", (err) => {
    if (reported) return;
    reported = true;
    logger.warn({ event: "redis.unavailable", purpose, error: err.message }, "Redis connection lost; reconnecting");
  });
  client.on("ready", () => {
    if (reported) logger.info({ event: "redis.reconnected", purpose }, "Redis connection back");
    reported = false;
  });
  return client;
}

/** This process's open Redis connections, by the names createRedis gives them. */
export async function countOwnRedisConnections(client: Redis = sharedRedis()): Promise<number> {
  const list = (await client.call("CLIENT", "LIST")) as string;
  const mine = new RegExp(`(^| )name=gristmill:[a-z]+:${process.pid}( |$)`);
  return list.split("\n").filter((line) => mine.test(line)).length;
}

const globalForRedis = globalThis as unknown as { gristmillRedis?: Redis };

/** The process's shared command connection (rate limits, publishing, small reads). */
export function sharedRedis(): Redis {
  return (globalForRedis.gristmillRedis ??= createRedis("command"));
}
