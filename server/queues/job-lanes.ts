import type { Env } from "../env";
import { CRITICAL_QUEUE, DELIVERY_QUEUE, HEAVY_QUEUE, JOBS_QUEUE } from "./queues";

export interface JobLane {
  queue: string;
  /** Jobs of this lane one worker process runs at once. */
  concurrency(env: Env): number;
}

/**
 * Lanes a job kind can be put on (its `lane` in server/catalog/job-kinds.ts): each is its own queue with its own
 * bounded worker concurrency, so a flood of long, bulky jobs (exports, backfills; deliveries on theirs) waits
 * for its own slots and never takes those that anomaly scans and reports need. Kinds without a lane go to
 * their priority class's queue.
 */
export const jobLanes = {
  heavy: { queue: HEAVY_QUEUE, concurrency: (env) => env.WORKER_HEAVY_CONCURRENCY },
  /** Notification deliveries: short network calls, so scans never delay them and a flood of them never delays scans. */
  delivery: { queue: DELIVERY_QUEUE, concurrency: (env) => env.WORKER_DELIVERY_CONCURRENCY },
} satisfies Record<string, JobLane>;

export type JobLaneName = keyof typeof jobLanes;

/** Worker slots per queue in one process: P0's own, the shared queue's, and each lane's. */
export function queueConcurrency(env: Env): Record<string, number> {
  return {
    [CRITICAL_QUEUE]: env.WORKER_P0_CONCURRENCY,
    [JOBS_QUEUE]: env.WORKER_CONCURRENCY,
    ...Object.fromEntries(Object.values(jobLanes).map((lane) => [lane.queue, lane.concurrency(env)])),
  };
}
