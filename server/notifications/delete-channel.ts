import { recordChange } from "../audit/audit-scope";
import type { Db } from "../db";
import { DomainError, notFound } from "../errors";

/** Removes a channel and its delivery history; refused while a route still sends to it. */
export async function deleteChannel(db: Db, options: { id: string }) {
  const channel = await db.notificationChannel.findUnique({ where: { id: options.id }, select: { id: true, name: true, type: true } });
  if (!channel) throw notFound("Channel");
  const used = await db.notificationRoute.findFirst({
    where: { OR: [{ channelIds: { has: options.id } }, { escalateChannelIds: { has: options.id } }] },
    select: { name: true },
  });
  if (used) throw new DomainError("CONFLICT", `route "${used.name}" still sends to this channel`);
  await db.notificationChannel.delete({ where: { id: options.id } });
  recordChange({ targetType: "notificationChannel", targetId: channel.id, before: channel });
  return { id: channel.id };
}
