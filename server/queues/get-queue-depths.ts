import { allQueueNames, getQueue } from "./queues";

export const QUEUE_STATES = ["waiting", "prioritized", "delayed", "active", "failed", "completed"] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

export interface QueueDepth {
  queue: string;
  paused: boolean;
  counts: Record<QueueState, number>;
}

/** Jobs per state for every queue Gristmill runs. */
export async function getQueueDepths(): Promise<QueueDepth[]> {
  return Promise.all(
    allQueueNames().map(async (name) => {
      const queue = getQueue(name);
      const [counts, paused] = await Promise.all([queue.getJobCounts(...QUEUE_STATES), queue.isPaused()]);
      return { queue: name, paused, counts: counts as Record<QueueState, number> };
    }),
  );
}
