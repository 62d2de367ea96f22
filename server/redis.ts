import { Redis, type RedisOptions } from "ioredis";
import { env } from "./env";
import { logger } from "./logger";

/**
 * The one Redis connection factory. BullMQ needs maxRetriesPerRequest: null on blocking
 * connections; everyone else gets fast failures so a Redis outage surfaces as an error.
 */
export function createRedis(purpose: "bullmq" | "command" | "subscriber", url = env().REDIS_URL): Redis {
  const options: RedisOptions = {
    connectionName: `gristmill:${purpose}`,
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

const globalForRedis = globalThis as unknown as { gristmillRedis?: Redis };

/** The process's shared command connection (rate limits, publishing, small reads). */
export function sharedRedis(): Redis {
  return (globalForRedis.gristmillRedis ??= createRedis("command"));
}
