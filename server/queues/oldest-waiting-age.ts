import { sharedRedis } from "../redis";
import { getQueue } from "./queues";

/** How many of a state's next-to-run jobs one scrape looks at; past it the age is the oldest of those. */
export const OLDEST_WAITING_SCAN_LIMIT = 5_000;

// Timestamps only (no job payloads), in one round trip: the wait list's tail and the prioritized set's head are
// the next to run, and an aged or retried job can sit anywhere in them, so the bounded window is read whole.
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
if oldest then return tostring(oldest) end
return false
`;

/**
 * Seconds the longest-waiting ready job of a queue has waited (since it was queued, or since its delay ended),
 * 0 when none waits. Waiting means ready to run: BullMQ's wait list and prioritized set, not delayed jobs.
 */
export async function oldestWaitingSeconds(queueName: string, now = Date.now()): Promise<number> {
  const queue = getQueue(queueName);
  const readyAt = (await sharedRedis().eval(OLDEST_READY_AT, 2, queue.keys.wait, queue.keys.prioritized, queue.toKey(""), OLDEST_WAITING_SCAN_LIMIT)) as string | null;
  return readyAt === null ? 0 : Math.max(0, (now - Number(readyAt)) / 1000);
}
