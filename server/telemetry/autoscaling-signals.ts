import { liveWorkerSlots } from "../fleet/live-worker-slots";
import type { WorkerState } from "../fleet/list-workers";
import type { QueueDepth } from "../queues/get-queue-depths";
import { oldestWaitingSeconds } from "../queues/oldest-waiting-age";

export interface AutoscalingSignal {
  queue: string;
  /** Ready jobs: BullMQ's waiting plus prioritized (delayed and active are not backlog). */
  waiting: number;
  liveSlots: number;
  backlogPerWorkerSlot: number;
  oldestWaitingSeconds: number;
}

/**
 * Waiting jobs ÷ live worker slots. With no live slot the divisor is 1, so the value is the backlog itself:
 * finite (an autoscaler can read it) and above any activation threshold when work waits for a fleet at zero.
 */
export function backlogPerWorkerSlot(waiting: number, liveSlots: number): number {
  return waiting / Math.max(liveSlots, 1);
}

/** Per lane (each is its own queue: critical, jobs, heavy, delivery), what an autoscaler scales the workers on. */
export async function getAutoscalingSignals(depths: readonly QueueDepth[], workers: readonly WorkerState[], now = Date.now()): Promise<AutoscalingSignal[]> {
  const slots = liveWorkerSlots(workers);
  return Promise.all(
    depths.map(async (depth) => {
      const waiting = depth.counts.waiting + depth.counts.prioritized;
      const liveSlots = slots[depth.queue] ?? 0;
      return {
        queue: depth.queue,
        waiting,
        liveSlots,
        backlogPerWorkerSlot: backlogPerWorkerSlot(waiting, liveSlots),
        oldestWaitingSeconds: waiting === 0 ? 0 : await oldestWaitingSeconds(depth.queue, now),
      };
    }),
  );
}
