import { Cluster, Redis, type ClusterOptions, type RedisOptions } from "ioredis";
import { env, type Env } from "./env";
import { logger } from "./logger";

export type RedisClient = Redis | Cluster;
export type RedisPurpose = "bullmq" | "command" | "subscriber";
export interface RedisNode {
  host: string;
  port: number;
}
/** One Redis server (REDIS_URL), or a Redis Cluster reached through its seed nodes (REDIS_CLUSTER_NODES). */
export type RedisTarget = { url: string } | { clusterNodes: RedisNode[] };

export function redisTarget(config: Pick<Env, "REDIS_URL" | "REDIS_CLUSTER_NODES"> = env()): RedisTarget {
  return config.REDIS_CLUSTER_NODES.length ? { clusterNodes: config.REDIS_CLUSTER_NODES } : { url: config.REDIS_URL };
}

/**
 * The prefix of every key and channel Gristmill writes. On a cluster it is a hash tag, `{QUEUE_PREFIX}`,
 * so all of them share one slot: BullMQ's scripts, the heartbeat's MULTI and the fleet's MGET each
 * touch several keys at once, and Redis Cluster refuses that across slots (CROSSSLOT).
 */
export function redisKeyPrefix(config: Pick<Env, "QUEUE_PREFIX" | "REDIS_CLUSTER_NODES"> = env()): string {
  return config.REDIS_CLUSTER_NODES.length ? `{${config.QUEUE_PREFIX}}` : config.QUEUE_PREFIX;
}

// A failover (a master's death noticed after cluster-node-timeout, then a replica's election) takes
// seconds; commands retry through it instead of failing. About 12 s of retries for queue connections
// (a job's completion must not be lost to it), about 3 s for request-path commands.
const clusterRetries: Record<
  RedisPurpose,
  Pick<ClusterOptions, "maxRedirections" | "retryDelayOnFailover" | "retryDelayOnClusterDown" | "retryDelayOnTryAgain">
> = {
  bullmq: { maxRedirections: 60, retryDelayOnFailover: 200, retryDelayOnClusterDown: 200, retryDelayOnTryAgain: 200 },
  subscriber: { maxRedirections: 60, retryDelayOnFailover: 200, retryDelayOnClusterDown: 200, retryDelayOnTryAgain: 200 },
  command: { maxRedirections: 16, retryDelayOnFailover: 200, retryDelayOnClusterDown: 200, retryDelayOnTryAgain: 200 },
};

/**
 * The one Redis connection factory: an ioredis Cluster when REDIS_CLUSTER_NODES is set, a plain client
 * otherwise. BullMQ needs maxRetriesPerRequest: null on blocking connections; everyone else gets fast
 * failures so a Redis outage surfaces as an error.
 */
export function createRedis(purpose: RedisPurpose, target: RedisTarget = redisTarget()): RedisClient {
  const options: RedisOptions = {
    // The pid lets a process count its own connections (CLIENT LIST), duplicates (BullMQ's blocking ones) included.
    connectionName: `gristmill:${purpose}:${process.pid}`,
    maxRetriesPerRequest: purpose === "command" ? 2 : null,
    enableReadyCheck: true,
  };
  const client: RedisClient =
    "clusterNodes" in target
      ? new Cluster(target.clusterNodes, { redisOptions: options, enableReadyCheck: true, ...clusterRetries[purpose] })
      : new Redis(target.url, { ...options, lazyConnect: false });
  // Without a listener ioredis prints every failed reconnect; one line per outage is enough.
  let reported = false;
  const lost = (err: Error) => {
    if (reported) return;
    reported = true;
    logger.warn({ event: "redis.unavailable", purpose, error: err.message }, "Redis connection lost; reconnecting");
  };
  client.on("error", lost);
  // A cluster reports a node it cannot reach here (a master that died, before its replica takes over).
  client.on("node error", lost);
  client.on("ready", () => {
    if (reported) logger.info({ event: "redis.reconnected", purpose }, "Redis connection back");
    reported = false;
  });
  return client;
}

/** This process's open Redis connections (on every node of a cluster), by the names createRedis gives them. */
export async function countOwnRedisConnections(client: RedisClient = sharedRedis()): Promise<number> {
  // A cluster's subscriber connection carries ioredis' prefix before our name.
  const mine = new RegExp(`(^| )name=(ioredis-cluster\\([a-z]+\\):)?gristmill:[a-z]+:${process.pid}( |$)`);
  // A cluster knows its nodes once it is ready (a process counts right after it starts).
  if (client instanceof Cluster && client.status !== "ready")
    await Promise.race([new Promise((r) => client.once("ready", r)), new Promise((r) => setTimeout(r, 5_000).unref())]);
  const servers = client instanceof Cluster ? client.nodes("all") : [client];
  const lists = await Promise.all(servers.map((server) => server.call("CLIENT", "LIST") as Promise<string>));
  return lists.flatMap((list) => list.split("\n")).filter((line) => mine.test(line)).length;
}

// On a cluster PUBLISH may go to any node, which relays it over the cluster bus: one publisher's messages
// sent through different nodes arrive out of order (seen on 5 messages in the cluster test). As a script
// keyed by the channel, every message of one channel goes through the master of the channel's slot.
const PUBLISH_THROUGH_SLOT = `return redis.call("publish", KEYS[1], ARGV[1])`;

/** PUBLISH, in order per publisher on a cluster too. */
export async function publish(channel: string, message: string, client: RedisClient = sharedRedis()): Promise<number> {
  return client instanceof Cluster ? ((await client.eval(PUBLISH_THROUGH_SLOT, 1, channel, message)) as number) : client.publish(channel, message);
}

const globalForRedis = globalThis as unknown as { gristmillRedis?: RedisClient };

/** The process's shared command connection (rate limits, publishing, small reads). */
export function sharedRedis(): RedisClient {
  return (globalForRedis.gristmillRedis ??= createRedis("command"));
}

/** Closes the shared connection; the next sharedRedis() opens a new one (a Playwright worker runs many spec files in one process). */
export function closeSharedRedis(): void {
  globalForRedis.gristmillRedis?.disconnect();
  globalForRedis.gristmillRedis = undefined;
}
