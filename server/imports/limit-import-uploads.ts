import { RateLimiterRedis } from "rate-limiter-flexible";
import { env } from "../env";
import { consumeRateLimit } from "../http/consume-rate-limit";
import { logger } from "../logger";
import { redisKeyPrefix, sharedRedis } from "../redis";

/** Who is counted: an ingest source by its id, a signed-in user by theirs. */
export type UploadCaller = { sourceId: string } | { userId: string };

let limiter: RateLimiterRedis | undefined;

/**
 * One count per logger-file upload (`POST /api/imports`), per source or user, in Redis like the
 * write API's and the logins' limits (rate-limiter-flexible), so every web process shares it.
 * Answers null when the upload may go on, else the seconds to wait before the next one.
 */
export async function limitImportUploads(caller: UploadCaller): Promise<{ retryAfterSeconds: number } | null> {
  const e = env();
  limiter ??= new RateLimiterRedis({
    storeClient: sharedRedis(),
    keyPrefix: `${redisKeyPrefix(e)}:imports-upload`,
    points: e.IMPORT_RATE_LIMIT_REQUESTS,
    duration: e.IMPORT_RATE_LIMIT_WINDOW_SECONDS,
  });
  const key = "sourceId" in caller ? `source:${caller.sourceId}` : `user:${caller.userId}`;
  const limited = await consumeRateLimit(limiter, key);
  if (!limited) return null;
  if (limited.firstRefusal)
    logger.warn({ event: "imports.rate_limited", key, retryAfterSeconds: limited.retryAfterSeconds }, "uploads refused for the rest of the window: rate limit");
  return { retryAfterSeconds: limited.retryAfterSeconds };
}
