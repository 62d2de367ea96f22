import { randomUUID } from "node:crypto";
import { createAdapter, type RedisAdapter } from "@socket.io/redis-adapter";
import { Queue, QueueEvents, Worker } from "bullmq";
import { Cluster, Redis } from "ioredis";
import { Server } from "socket.io";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalRedisCluster, type LocalRedisCluster } from "../tests/support/redis-cluster";
import { until } from "../tests/support/until";
import { createLoginLimiters } from "./auth/login-limits";
import { envSchema } from "./env";
import { countOwnRedisConnections, createRedis, publish, redisKeyPrefix, redisTarget, type RedisClient, type RedisTarget } from "./redis";

describe("choosing Redis", () => {
  it("is a cluster when REDIS_CLUSTER_NODES is set, one server otherwise", () => {
    const single = envSchema.parse({ REDIS_URL: "redis://10.0.0.5:6380/2", QUEUE_PREFIX: "gm" });
    expect(redisTarget(single)).toEqual({ url: "redis://10.0.0.5:6380/2" });
    expect(redisKeyPrefix(single)).toBe("gm");
    const cluster = envSchema.parse({ REDIS_CLUSTER_NODES: " 10.0.0.5:7000, redis-b.internal:7001,[::1]:7002 ", QUEUE_PREFIX: "gm" });
    expect(redisTarget(cluster)).toEqual({
      clusterNodes: [
        { host: "10.0.0.5", port: 7000 },
        { host: "redis-b.internal", port: 7001 },
        { host: "::1", port: 7002 },
      ],
    });
    // A hash tag: every key of the deployment in one slot.
    expect(redisKeyPrefix(cluster)).toBe("{gm}");
  });

  it("refuses node lists that are not host:port", () => {
    for (const hostile of [
      "localhost",
      "redis://a:7000",
      "a:0",
      "a:65536",
      "a:12ab",
      "-a:7000",
      "a b:7000",
      "a:7000;b:7001",
      "[::1:7000",
      "a:7000,,b",
      `${"a".repeat(300)}:7000`,
      "a:7000\nb:7001",
    ]) {
      const result = envSchema.safeParse({ REDIS_CLUSTER_NODES: hostile });
      // "a:7000,,b" has an empty entry (ignored) and "b" without a port (refused).
      expect(result.success, hostile).toBe(false);
    }
    expect(envSchema.safeParse({ REDIS_CLUSTER_NODES: "x".repeat(10_001) }).success).toBe(false);
  });
});

describe("on a real Redis Cluster (3 masters)", () => {
  let cluster: LocalRedisCluster;
  let target: RedisTarget;
  const clients: RedisClient[] = [];
  const open = (purpose: Parameters<typeof createRedis>[0]) => {
    const client = createRedis(purpose, target);
    clients.push(client);
    return client;
  };
  const prefix = `{t-${randomUUID().slice(0, 8)}}`;

  beforeAll(async () => {
    cluster = await startLocalRedisCluster({ masters: 3, replicasPerMaster: 0, nodeTimeoutMs: 2_000 });
    target = { clusterNodes: cluster.clusterNodes };
  }, 30_000);
  afterAll(async () => {
    for (const client of clients) client.disconnect();
    cluster?.stop();
  });

  it("the factory gives a Cluster client for a cluster target and a plain one for a URL", async () => {
    const command = open("command");
    expect(command).toBeInstanceOf(Cluster);
    expect(await command.ping()).toBe("PONG");
    const single = createRedis("command", { url: `redis://127.0.0.1:${cluster.ports[0]}` });
    expect(single).toBeInstanceOf(Redis);
    single.disconnect();
    // Our connections on every node count: at least one per master.
    expect(await countOwnRedisConnections(command)).toBeGreaterThanOrEqual(3);
  });

  it("runs BullMQ jobs from enqueue to completion under the hash-tagged prefix", async () => {
    const queue = new Queue("jobs", { connection: open("bullmq"), prefix });
    const events = new QueueEvents("jobs", { connection: open("bullmq"), prefix });
    const done: string[] = [];
    const worker = new Worker("jobs", async (job) => ({ double: (job.data as { n: number }).n * 2 }), { connection: open("bullmq"), prefix, concurrency: 4 });
    worker.on("completed", (job) => done.push(job.id!));
    try {
      await Promise.all([worker.waitUntilReady(), events.waitUntilReady()]);
      const jobs = await queue.addBulk(Array.from({ length: 40 }, (_, n) => ({ name: "double", data: { n }, opts: { jobId: `j${n}` } })));
      expect(await jobs[7].waitUntilFinished(events, 10_000)).toEqual({ double: 14 });
      await until("every job completed", () => done.length === 40, 10_000);
      expect((await queue.getJobCounts("completed")).completed).toBe(40);
    } finally {
      await worker.close();
      await events.close();
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });

  it("refuses a queue whose keys are spread over slots (why the prefix is a hash tag)", async () => {
    const queue = new Queue("jobs", { connection: open("bullmq"), prefix: prefix.slice(1, -1) });
    await expect(queue.add("x", {})).rejects.toThrow(/CROSSSLOT/);
    await queue.close();
    // The heartbeat's MULTI and the fleet's MGET are fine only under the tag.
    const command = open("command");
    await expect(command.mget(`${prefix}:workers:a:alive`, `${prefix}:workers:b:alive`)).resolves.toEqual([null, null]);
    await expect(command.mget("untagged:a", "untagged:b")).rejects.toThrow(/CROSSSLOT/);
  });

  it("delivers one publisher's pub/sub messages in order", async () => {
    const subscriber = open("subscriber");
    const received: string[] = [];
    subscriber.on("message", (channel: string, message: string) => channel === `${prefix}:events` && received.push(message));
    await subscriber.subscribe(`${prefix}:events`);
    const publisher = open("command");
    const sent = Array.from({ length: 50 }, (_, i) => `m${i}`);
    for (const message of sent) await publish(`${prefix}:events`, message, publisher);
    await until("every message", () => received.length === sent.length, 5_000);
    // In the order sent: a plain PUBLISH goes through any node and may overtake its predecessor.
    expect(received).toEqual(sent);
  });

  it("counts the login rate limits (keys on every master) and refuses past them", async () => {
    const limits = createLoginLimiters(
      { keyPrefix: `${prefix}:login`, windowSeconds: 60, pair: 3, account: 100, address: 100, global: 1_000 },
      open("command"),
    );
    for (let i = 0; i < 3; i++) await limits.consume({ email: "a@example.org", ip: "192.0.2.1" });
    await expect(limits.consume({ email: "a@example.org", ip: "192.0.2.1" })).rejects.toMatchObject({ code: "RATE_LIMITED" });
    // Another pair is counted apart; a success forgets the pair's failures.
    await limits.consume({ email: "b@example.org", ip: "192.0.2.1" });
    await limits.succeeded({ email: "a@example.org", ip: "192.0.2.1" });
    await limits.consume({ email: "a@example.org", ip: "192.0.2.1" });
  });

  it("lets socket.io processes find each other through the Redis adapter", async () => {
    const servers = [0, 1].map(() => new Server({ adapter: createAdapter(open("subscriber"), open("subscriber")) }));
    try {
      const adapter = servers[0].of("/").adapter as RedisAdapter;
      await until("both socket.io servers subscribed", async () => (await adapter.serverCount()) === 2, 5_000);
    } finally {
      // Not attached to an HTTP server, so io.close() has no engine to close: the adapters are closed instead.
      for (const io of servers) await io.of("/").adapter.close();
    }
  });
});
