import { InfluxCircuitOpenError, InfluxUnavailableError } from "../influx/influx-client";
import { logger } from "../logger";

export interface RetryOptions {
  attempts?: number;
  baseDelayMs?: number;
}

/**
 * Retries only what may pass on its own (InfluxDB unreachable, timed out, 5xx), a bounded number
 * of times with jittered exponential backoff; a query InfluxDB refused fails at once, and so does
 * a call the open circuit breaker refused (it would refuse the retries too, each after a sleep).
 */
export async function withInfluxRetry<T>(what: string, fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 3;
  const base = options.baseDelayMs ?? 200;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof InfluxUnavailableError) || err instanceof InfluxCircuitOpenError || attempt >= attempts) throw err;
      const delay = base * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);
      logger.warn({ event: "influx.retry", what, attempt, delayMs: Math.round(delay), error: err.message }, "InfluxDB unavailable, retrying");
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
