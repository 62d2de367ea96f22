import type { Db } from "../db";
import { env } from "../env";
import { redisKeyPrefix, sharedRedis } from "../redis";
import { evaluateNotifications } from "./evaluate-notifications";

/**
 * What each worker runs every NOTIFY_EVALUATE_MS: one evaluation across the fleet at a time (a Redis
 * lease), so two workers never plan the same notification twice at once (dedup keys would catch it anyway).
 */
/** The operational rules probe services and scan the sensor table: every 10 s is enough. */
const OPERATIONAL_EVERY_MS = 10_000;

/**
 * With `incidentIds` (new or escalated incidents, told by the event channel): only those incidents, under a
 * lease of their own, so they never wait for a sweep of every open incident and the operational probes to
 * finish. A sweep and such a batch may plan the same incident at once: its deliveries' dedupKeys are unique,
 * so only one of them is created and queued.
 */
export async function evaluateNotificationsOnce(
  db: Db,
  options: { holderId: string; incidentIds?: string[] },
): Promise<{ skipped: boolean; deliveries?: number; released?: number }> {
  const redis = sharedRedis();
  const key = `${redisKeyPrefix()}:notifications:evaluator${options.incidentIds ? ":incidents" : ""}`;
  const leaseMs = Math.max(10_000, env().NOTIFY_EVALUATE_MS * 5);
  if ((await redis.set(key, options.holderId, "PX", leaseMs, "NX")) !== "OK") return { skipped: true };
  try {
    return {
      skipped: false,
      ...(await evaluateNotifications(db, options.incidentIds ? { incidentIds: options.incidentIds } : { operationalEveryMs: OPERATIONAL_EVERY_MS })),
    };
  } finally {
    // Only our own lease: one that expired and was taken over is the other worker's.
    await redis.eval(`if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`, 1, key, options.holderId);
  }
}
