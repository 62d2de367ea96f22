import { sharedRedis } from "../redis";
import { bullPrefix } from "./queues";

/**
 * Waiting jobs that carry a deadline, by deadline, per queue: the sweep finds those nearing theirs without
 * walking the prioritized set (a P3 with a deadline may sit behind 10,000 P2 jobs).
 */
const deadlinesKey = (queueName: string) => `${bullPrefix()}:fair:${queueName}:deadlines`;

export async function registerDeadlines(queueName: string, entries: ReadonlyArray<{ jobId: string; deadlineAt: number }>): Promise<void> {
  if (entries.length === 0) return;
  await sharedRedis().zadd(deadlinesKey(queueName), ...entries.flatMap((e) => [e.deadlineAt, e.jobId]));
}

/** Jobs whose deadline is before `until`, soonest first. */
export async function deadlinesBefore(queueName: string, until: number, limit: number): Promise<string[]> {
  return sharedRedis().zrangebyscore(deadlinesKey(queueName), "-inf", until, "LIMIT", 0, limit);
}

/** Jobs no longer waiting (started, removed) or already in the top class: nothing left to boost. */
export async function forgetDeadlines(queueName: string, jobIds: readonly string[]): Promise<void> {
  if (jobIds.length) await sharedRedis().zrem(deadlinesKey(queueName), ...jobIds);
}
