import type { Priority } from "../db/generated/enums";
import { sharedRedis } from "../redis";
import { PRIORITY_BAND, priorityClasses } from "./priority-classes";
import { MAX_SCOPE_LENGTH, MAX_SCOPE_WEIGHT } from "./fair-scope";
import { bullPrefix, getQueue } from "./queues";

/** A drained band's clock restarts at 0 after this long without assignments. */
const CLOCK_RESET_AFTER_MS = 10_000;
const STATE_TTL_MS = 7 * 86_400_000;
const SCORE_PER_PRIORITY = 2 ** 32;
/** Jobs per script call: a flood is assigned in slices, so Redis is never blocked long by one. */
const BATCH = 2_000;

/**
 * Start-time fair queueing over BullMQ's prioritized set, per (queue, class). Each scope keeps a virtual finish
 * time; a job starts at max(the band's virtual time, its scope's finish) and moves the scope on by 1/weight, so
 * its round is how many jobs ahead of it its scope has had, divided by the weight. The round is added to the
 * class's band start: jobs run round by round, FIFO within a round, and every class still precedes the next.
 * The band's virtual time is the round of its next job to run (the head of the band), kept monotonic; when the
 * band has drained, the last round handed out; after CLOCK_RESET_AFTER_MS idle, 0 again. A round past the band's
 * width stays at its last value (FIFO from there).
 */
const ASSIGN_ROUNDS = `
local low = tonumber(ARGV[1])
local high = ARGV[2]
local bandStart = tonumber(ARGV[3])
local width = tonumber(ARGV[4])
local resetAfter = tonumber(ARGV[5])
local ttl = tonumber(ARGV[6])
local t = redis.call("TIME")
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local v = tonumber(redis.call("HGET", KEYS[2], "v") or "0")
local head = redis.call("ZRANGEBYSCORE", KEYS[1], ARGV[1], high, "WITHSCORES", "LIMIT", 0, 1)
if #head == 0 then
  local at = tonumber(redis.call("HGET", KEYS[2], "at") or "0")
  if now - at > resetAfter then
    redis.call("DEL", KEYS[2])
    v = 0
  else
    -- Drained while busy: everything handed out has started, so the clock moves to the last round handed out
    -- (a scope that kept the lane busy without a backlog does not then wait behind newcomers' rounds).
    v = math.max(v, tonumber(redis.call("HGET", KEYS[2], "last") or "0"))
  end
else
  local round = math.floor(tonumber(head[2]) / 4294967296) - bandStart
  if round > v then v = round end
end
-- Finish times in whole units of 1/720720 round (divisible by every weight up to 16), so they add up exactly.
local unit = 720720
local rounds = {}
local last = tonumber(redis.call("HGET", KEYS[2], "last") or "0")
for i = 7, #ARGV, 2 do
  local field = "s:" .. ARGV[i]
  local cost = math.floor(unit / tonumber(ARGV[i + 1]))
  local finish = tonumber(redis.call("HGET", KEYS[2], field) or "0")
  local start = math.max(v * unit, finish)
  redis.call("HSET", KEYS[2], field, string.format("%d", start + cost))
  rounds[#rounds + 1] = math.min(math.floor(start / unit), width - 1)
  if rounds[#rounds] > last then last = rounds[#rounds] end
end
redis.call("HSET", KEYS[2], "v", tostring(v), "at", tostring(now), "last", tostring(last))
redis.call("PEXPIRE", KEYS[2], ttl)
return rounds
`;

export interface FairJob {
  priority: Priority;
  scope: string;
  /** 1 by default; a scope with weight 2 gets twice the share of one with 1 while both wait. */
  weight: number;
}

/** Configured weights are checked by zod; a job's data is not, so anything else counts as 1. */
const boundedWeight = (w: number) => (Number.isFinite(w) ? Math.min(MAX_SCOPE_WEIGHT, Math.max(1, Math.floor(w))) : 1);

const stateKey = (queueName: string, priority: Priority) => `${bullPrefix()}:fair:${queueName}:${priority}`;

/**
 * BullMQ priorities for jobs about to be added to one queue, in the order given: each its class's band start
 * plus its scope's round. P0 has none (BullMQ's wait list, ahead of every prioritized job). One script per class.
 */
export async function assignFairPriorities(queueName: string, jobs: readonly FairJob[]): Promise<Array<number | undefined>> {
  const out: Array<number | undefined> = jobs.map(() => undefined);
  const byClass = new Map<Priority, number[]>();
  jobs.forEach((job, i) => {
    if (job.priority === "P0") return;
    if (!byClass.has(job.priority)) byClass.set(job.priority, []);
    byClass.get(job.priority)!.push(i);
  });
  const prioritized = getQueue(queueName).keys.prioritized;
  for (const [priority, all] of byClass)
    for (let c = 0; c < all.length; c += BATCH) {
      const indexes = all.slice(c, c + BATCH);
      const start = priorityClasses[priority].bullPriority;
      const args = [start * SCORE_PER_PRIORITY, `(${(start + PRIORITY_BAND) * SCORE_PER_PRIORITY}`, start, PRIORITY_BAND, CLOCK_RESET_AFTER_MS, STATE_TTL_MS];
      const pairs = indexes.flatMap((i) => [jobs[i].scope.slice(0, MAX_SCOPE_LENGTH), boundedWeight(jobs[i].weight)]);
      const rounds = (await sharedRedis().eval(ASSIGN_ROUNDS, 2, prioritized, stateKey(queueName, priority), ...args, ...pairs)) as number[];
      indexes.forEach((jobIndex, k) => (out[jobIndex] = start + rounds[k]));
    }
  return out;
}
