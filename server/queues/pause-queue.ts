import { recordChange } from "../audit/audit-scope";
import { DomainError } from "../errors";
import { allQueueNames, getQueue } from "./queues";

/** Pauses or resumes a queue for every worker: jobs stay queued and start again on resume. */
export async function setQueuePaused(options: { queue: string; paused: boolean }) {
  if (!allQueueNames().includes(options.queue)) throw new DomainError("NOT_FOUND", `Unknown queue "${options.queue}"`, { field: "queue" });
  const queue = getQueue(options.queue);
  if (options.paused) await queue.pause();
  else await queue.resume();
  recordChange({ targetType: "queue", targetId: options.queue, after: { paused: options.paused } });
  return { queue: options.queue, paused: await queue.isPaused() };
}
