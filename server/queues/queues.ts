import { Queue, type ConnectionOptions } from "bullmq";
import { createRedis, redisKeyPrefix } from "../redis";

/** P1–P4 share this queue in priority order. */
export const JOBS_QUEUE = "jobs";
/** P0 only: its own queue and workers, so a backlog of lower classes never delays it. */
export const CRITICAL_QUEUE = "critical";
/** The heavy lane (see job-lanes.ts): long, bulky kinds, on their own bounded workers. */
export const HEAVY_QUEUE = "heavy";
/** The delivery lane: notification deliveries, on their own workers, so a flood of them never takes scan slots. */
export const DELIVERY_QUEUE = "delivery";

/** Every queue the worker fleet serves. */
export function allQueueNames(): string[] {
  return [CRITICAL_QUEUE, JOBS_QUEUE, HEAVY_QUEUE, DELIVERY_QUEUE];
}

export function bullPrefix(): string {
  return redisKeyPrefix();
}

export function bullConnection(): ConnectionOptions {
  return createRedis("bullmq");
}

const globalForQueues = globalThis as unknown as { gristmillQueues?: Map<string, Queue> };

/** One Queue object per name per process. */
export function getQueue(name: string = JOBS_QUEUE): Queue {
  const queues = (globalForQueues.gristmillQueues ??= new Map());
  let queue = queues.get(name);
  if (!queue) {
    queue = new Queue(name, { connection: bullConnection(), prefix: bullPrefix() });
    queues.set(name, queue);
  }
  return queue;
}
