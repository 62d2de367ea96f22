import type { Db } from "../db";
import { FAILING_AFTER } from "./deliver-notification";

/** Channels without their secrets, with their health and recent delivery counts. */
export async function listChannels(db: Db) {
  const channels = await db.notificationChannel.findMany({
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      type: true,
      settings: true,
      enabled: true,
      rateLimitPerMinute: true,
      consecutiveFailures: true,
      lastError: true,
      lastFailureAt: true,
      lastSuccessAt: true,
      createdAt: true,
    },
  });
  return channels.map((c) => ({ ...c, failing: c.consecutiveFailures >= FAILING_AFTER }));
}
