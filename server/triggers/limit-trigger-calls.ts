import { RateLimiterRedis } from "rate-limiter-flexible";
import { env } from "../env";
import { consumeRateLimit } from "../http/consume-rate-limit";
import { logger } from "../logger";
import { redisKeyPrefix, sharedRedis } from "../redis";

let limiter: RateLimiterRedis | undefined;

/**
 * One count per `POST /api/triggers/<id>/fire`, per trigger and client address, in Redis like the
 * uploads' and logins' limits, counted before the token is checked (a wrong-token flood is limited too).
 */
export async function limitTriggerCalls(caller: { triggerId: string; clientIp: string }): Promise<{ retryAfterSeconds: number } | null> {
  const e = env();
  limiter ??= new RateLimiterRedis({
    storeClient: sharedRedis(),
    keyPrefix: `${redisKeyPrefix(e)}:trigger-fire`,
    points: e.TRIGGER_RATE_LIMIT_REQUESTS,
    duration: e.TRIGGER_RATE_LIMIT_WINDOW_SECONDS,
  });
  const key = `${caller.triggerId}:${caller.clientIp}`;
  const limited = await consumeRateLimit(limiter, key);
  if (!limited) return null;
  if (limited.firstRefusal)
    logger.warn(
      { event: "triggers.rate_limited", key, retryAfterSeconds: limited.retryAfterSeconds },
      "trigger calls refused for the rest of the window: rate limit",
    );
  return { retryAfterSeconds: limited.retryAfterSeconds };
}
