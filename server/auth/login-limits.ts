import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { env } from "../env";
import { DomainError } from "../errors";
import { logger } from "../logger";
import { redisKeyPrefix, sharedRedis, type RedisClient } from "../redis";

/** Attempts allowed per window for each scope a login is counted in. */
export interface LoginLimitConfig {
  keyPrefix: string;
  windowSeconds: number;
  /** one address trying one account */
  pair: number;
  /** one account, from every address (stops a botnet guessing one password) */
  account: number;
  /** one address, over every account (stops password spraying) */
  address: number;
  /** every login of the deployment (bounds the argon2 work one web fleet does) */
  global: number;
}

export interface LoginLimiters {
  consume(options: { email: string; ip?: string }): Promise<void>;
  /** After a successful login: the account's and the pair's failures are forgotten (not the address's). */
  succeeded(options: { email: string; ip?: string }): Promise<void>;
}

export function loginLimitConfigFromEnv(): LoginLimitConfig {
  const e = env();
  return {
    keyPrefix: `${redisKeyPrefix(e)}:login`,
    windowSeconds: e.LOGIN_WINDOW_SECONDS,
    pair: e.LOGIN_MAX_ATTEMPTS,
    account: e.LOGIN_ACCOUNT_MAX_ATTEMPTS,
    address: e.LOGIN_ADDRESS_MAX_ATTEMPTS,
    global: e.LOGIN_GLOBAL_MAX_ATTEMPTS,
  };
}

/** Four Redis counters shared by every web process; a login must pass all of them. */
export function createLoginLimiters(config: LoginLimitConfig, client: RedisClient = sharedRedis()): LoginLimiters {
  const make = (scope: string, points: number) =>
    new RateLimiterRedis({ storeClient: client, keyPrefix: `${config.keyPrefix}:${scope}`, points, duration: config.windowSeconds });
  const limiters = {
    pair: make("pair", config.pair),
    account: make("account", config.account),
    address: make("address", config.address),
    global: make("global", config.global),
  };
  const keys = (email: string, ip = "unknown") => ({ pair: `${ip}|${email}`, account: email, address: ip, global: "all" });
  return {
    async consume({ email, ip }) {
      const k = keys(email, ip);
      const results = await Promise.allSettled(
        (Object.keys(limiters) as Array<keyof typeof limiters>).map(async (scope) => {
          await limiters[scope].consume(k[scope]).catch((err: unknown) => {
            throw err instanceof RateLimiterRes ? Object.assign(err, { scope }) : err;
          });
        }),
      );
      const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
      const broken = refused.find((r) => !(r instanceof RateLimiterRes));
      if (broken) throw broken;
      if (refused.length === 0) return;
      const limited = refused as Array<RateLimiterRes & { scope: string }>;
      const seconds = Math.max(1, ...limited.map((r) => Math.ceil(r.msBeforeNext / 1000)));
      logger.warn({ event: "login.rate_limited", email, ip, scopes: limited.map((r) => r.scope) }, "too many login attempts");
      throw new DomainError("RATE_LIMITED", `Too many login attempts. Try again in ${seconds} s.`, { retryAfterSeconds: seconds });
    },
    async succeeded({ email, ip }) {
      const k = keys(email, ip);
      await Promise.all([limiters.pair.delete(k.pair), limiters.account.delete(k.account)]);
    },
  };
}

let fromEnv: LoginLimiters | undefined;
export function loginLimiters(): LoginLimiters {
  fromEnv ??= createLoginLimiters(loginLimitConfigFromEnv());
  return fromEnv;
}
