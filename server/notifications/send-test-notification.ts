import { recordChange } from "../audit/audit-scope";
import type { Db } from "../db";
import { env } from "../env";
import { notFound } from "../errors";
import { createId } from "./create-id";
import { enqueueDelivery } from "./enqueue-delivery";
import type { NotificationMessage } from "./notification-message";

/** Queues a test message to one channel; it shows in the channel's delivery history like any other. */
export async function sendTestNotification(db: Db, options: { channelId: string; by: string }) {
  const channel = await db.notificationChannel.findUnique({ where: { id: options.channelId }, select: { id: true, name: true } });
  if (!channel) throw notFound("Channel");
  const id = createId("ntf");
  const publicUrl = env().PUBLIC_URL;
  const message: NotificationMessage = {
    schema: "gristmill.alert.v1",
    event: "test",
    createdAt: new Date().toISOString(),
    severity: "info",
    title: `Test notification for "${channel.name}"`,
    summary: `Sent by ${options.by} from the Gristmill console to check this channel.`,
    incident: null,
    evidence: null,
    operational: null,
    links: { console: `${publicUrl}/notifications`, incident: null, chart: null, acknowledge: null },
  };
  await db.notificationDelivery.create({
    data: { id, channelId: channel.id, dedupKey: `test:${id}`, event: "test", payload: message as object, status: "queued" },
  });
  const runId = await enqueueDelivery(db, { deliveryId: id, triggeredBy: options.by });
  recordChange({ targetType: "notificationChannel", targetId: channel.id, after: { testDelivery: id } });
  return { deliveryId: id, runId };
}
