import type { Db } from "../db";

/** Delivery history, newest first, for a channel or an incident. */
export async function listDeliveries(db: Db, options: { channelId?: string; incidentId?: string; limit: number }) {
  return db.notificationDelivery.findMany({
    where: { channelId: options.channelId, incidentId: options.incidentId },
    orderBy: { createdAt: "desc" },
    take: options.limit,
    select: { id: true, channelId: true, event: true, incidentId: true, routeId: true, status: true, attempts: true, runId: true, lastError: true, notBefore: true, createdAt: true, sentAt: true, channel: { select: { name: true, type: true } } },
  });
}
