import { createId } from "./create-id";
import { UnrecoverableError } from "bullmq";
import { inTransaction, type Db } from "../db";
import { env } from "../env";
import { openSecret } from "./channel-secrets";
import { digestMessage } from "./digest-message";
import type { NotificationMessage } from "./notification-message";
import type { ChannelSecret, ChannelType } from "./schemas";
import { sendToChannel } from "./send-to-channel";

export interface DeliverNotificationOptions {
  deliveryId: string;
  signal?: AbortSignal;
  log?: { info(message: string, fields?: Record<string, unknown>): void; warn(message: string, fields?: Record<string, unknown>): void };
  now?: () => number;
}

const RATE_WINDOW_MS = 60_000;
/** A channel whose last sends failed this many times in a row shows as failing (and raises an operational alert). */
export const FAILING_AFTER = 3;

/**
 * One attempt at one delivery (the `notification-delivery` job). Once a delivery is recorded as sent,
 * every later attempt (a retry, a replayed dead letter, a second worker) returns without sending.
 * "sending" is recorded before the message leaves and "sent" right after the receiver accepted it,
 * before the job is acknowledged: a crash in between is seen by the next attempt, which sends again
 * with the same webhook-id / Message-ID, so the receiver can drop the copy.
 */
export async function deliverNotification(db: Db, options: DeliverNotificationOptions): Promise<Record<string, unknown>> {
  const now = options.now ?? Date.now;
  const delivery = await db.notificationDelivery.findUnique({ where: { id: options.deliveryId }, include: { channel: true } });
  if (!delivery) throw new UnrecoverableError(`delivery ${options.deliveryId} does not exist`);
  if (delivery.status === "sent" || delivery.status === "suppressed") return { status: delivery.status, sent: false };
  const channel = delivery.channel;
  if (!channel.enabled) throw new UnrecoverableError(`channel "${channel.name}" is disabled`);

  if (delivery.event !== "digest" && delivery.event !== "test") {
    const recent = await db.notificationDelivery.count({
      where: { channelId: channel.id, status: { in: ["sent", "sending"] }, sendingAt: { gt: new Date(now() - RATE_WINDOW_MS) }, id: { not: delivery.id } },
    });
    if (recent >= channel.rateLimitPerMinute) {
      await suppressIntoDigest(db, delivery.id, channel.id, now());
      options.log?.info("over the channel's rate limit: summarised in the next digest", { channel: channel.name, limit: channel.rateLimitPerMinute });
      return { status: "suppressed", sent: false };
    }
  }

  const interrupted = delivery.status === "sending";
  if (interrupted) options.log?.warn("an earlier attempt stopped while sending: sending again with the same id", { deliveryId: delivery.id });
  await db.notificationDelivery.update({ where: { id: delivery.id }, data: { status: "sending", sendingAt: new Date(now()), attempts: { increment: 1 } } });

  const message =
    delivery.event === "digest"
      ? await digestMessage(db, { digestId: delivery.id, channelName: channel.name, publicUrl: env().PUBLIC_URL })
      : (delivery.payload as unknown as NotificationMessage);
  try {
    const secret = openSecret<ChannelSecret>(channel.secretCipher, channel.id);
    const answer = await sendToChannel(
      { type: channel.type as ChannelType, settings: channel.settings as { to?: string[] }, secret },
      { messageId: delivery.id, message, signal: options.signal },
    );
    await inTransaction(db, async (tx) => {
      await tx.notificationDelivery.update({
        where: { id: delivery.id },
        data: { status: "sent", sentAt: new Date(now()), lastError: null, ...(delivery.event === "digest" ? { payload: message as object } : {}) },
      });
      await tx.notificationChannel.update({ where: { id: channel.id }, data: { consecutiveFailures: 0, lastSuccessAt: new Date(now()) } });
    });
    options.log?.info("delivered", { channel: channel.name, type: channel.type, answer, resent: interrupted });
    return { status: "sent", sent: true, answer, resent: interrupted };
  } catch (err) {
    const message = (err as Error).message.slice(0, 500);
    await inTransaction(db, async (tx) => {
      await tx.notificationDelivery.update({ where: { id: delivery.id }, data: { status: "failed", lastError: message } });
      await tx.notificationChannel.update({
        where: { id: channel.id },
        data: { consecutiveFailures: { increment: 1 }, lastError: message, lastFailureAt: new Date(now()) },
      });
    });
    throw err;
  }
}

/** Parks a delivery over the rate limit under the channel's digest for this minute, created held until the minute ends. */
async function suppressIntoDigest(db: Db, deliveryId: string, channelId: string, now: number): Promise<void> {
  const bucket = Math.floor(now / RATE_WINDOW_MS) * RATE_WINDOW_MS;
  const digest = await db.notificationDelivery.upsert({
    where: { dedupKey: `digest:${channelId}:${bucket}` },
    create: {
      id: createId("ntf"),
      channelId,
      dedupKey: `digest:${channelId}:${bucket}`,
      event: "digest",
      payload: {},
      status: "held",
      notBefore: new Date(bucket + RATE_WINDOW_MS),
    },
    update: {},
  });
  await db.notificationDelivery.update({ where: { id: deliveryId }, data: { status: "suppressed", digestId: digest.id } });
}
