import { RateLimiterRes, type RateLimiterRedis } from "rate-limiter-flexible";

export interface RateLimited {
  /** Whole seconds until the window lets the next request through (at least 1), for Retry-After. */
  retryAfterSeconds: number;
  /** The window's first refusal for this key: log once here, not on every refused request. */
  firstRefusal: boolean;
}

/** Counts one request under `key`: null while within the limit, else how long to wait. */
export async function consumeRateLimit(limiter: RateLimiterRedis, key: string): Promise<RateLimited | null> {
  try {
    await limiter.consume(key);
    return null;
  } catch (err) {
    if (!(err instanceof RateLimiterRes)) throw err;
    return { retryAfterSeconds: Math.max(1, Math.ceil(err.msBeforeNext / 1000)), firstRefusal: err.consumedPoints === limiter.points + 1 };
  }
}
