import { sharedRedis } from "../redis";
import { getQueue } from "./queues";

/** How many of a state's next-to-run jobs one scrape looks at; past it the age is the oldest of those. */
export const OLDEST_WAITING_SCAN_LIMIT = 1_000;

// Timestamps only (no job payloads), in one round trip: the wait list's tail and the prioritized set's head are
// the next to run, and an aged or retried job can sit anywhere in them, so a bounded window of each is read whole;
// behind it, a lower priority's oldest job is the first of its priority (at most 64 priorities are visited).
const OLDEST_READY_AT = `
local limit = tonumber(ARGV[2])
local oldest = false
local function consider(id)
  local fields = redis.call("HMGET", ARGV[1] .. id, "timestamp", "delay")
  local ts = tonumber(fields[1])
  if ts then
    local readyAt = ts + (tonumber(fields[2]) or 0)
    if not oldest or readyAt < oldest then oldest = readyAt end
  end
end
for _, id in ipairs(redis.call("LRANGE", KEYS[1], -limit, -1)) do consider(id) end
for _, id in ipairs(redis.call("ZRANGE", KEYS[2], 0, limit - 1)) do consider(id) end
-- Past the window: the first of each priority (score = priority * 2^32 + a counter), the oldest of those added at it.
local bucket = 4294967296
local head = redis.call("ZRANGE", KEYS[2], 0, 0, "WITHSCORES")
for _ = 1, 64 do
  if #head == 0 then break end
  consider(head[1])
  local priority = math.floor(tonumber(head[2]) / bucket)
  head = redis.call("ZRANGEBYSCORE", KEYS[2], (priority + 1) * bucket, "+inf", "WITHSCORES", "LIMIT", 0, 1)
end
if oldest then return tostring(oldest) end
return false
`;

/**
 * Seconds the longest-waiting ready job of a queue has waited (since it was queued, or since its delay ended),
 * 0 when none waits. Waiting means ready to run: BullMQ's wait list and prioritized set, not delayed jobs.
 */
export async function oldestWaitingSeconds(queueName: string, now = Date.now()): Promise<number> {
  const queue = getQueue(queueName);
  const readyAt = (await sharedRedis().eval(OLDEST_READY_AT, 2, queue.keys.wait, queue.keys.prioritized, queue.toKey(""), OLDEST_WAITING_SCAN_LIMIT)) as
    | string
    | null;
  return readyAt === null ? 0 : Math.max(0, (now - Number(readyAt)) / 1000);
}
