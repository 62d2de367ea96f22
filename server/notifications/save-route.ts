import { recordChange } from "../audit/audit-scope";
import type { Db } from "../db";
import { Prisma } from "../db/generated/client";
import { DomainError, notFound } from "../errors";
import { createId } from "./create-id";
import type { SaveRouteInput } from "./schemas";

/** Creates or updates a route; every channel it names must exist. */
export async function saveRoute(db: Db, options: { input: SaveRouteInput }) {
  const { id, ...data } = options.input;
  const named = [...new Set([...data.channelIds, ...data.escalateChannelIds])];
  const found = await db.notificationChannel.count({ where: { id: { in: named } } });
  if (found !== named.length) throw new DomainError("INVALID", "a route names a channel that does not exist", { field: "channelIds" });
  const fields = { ...data, matchers: data.matchers as object, quietHours: data.quietHours ?? Prisma.DbNull };
  if (id) {
    const before = await db.notificationRoute.findUnique({ where: { id } });
    if (!before) throw notFound("Route");
    const route = await db.notificationRoute.update({ where: { id }, data: fields });
    recordChange({ targetType: "notificationRoute", targetId: id, before, after: route });
    return route;
  }
  const route = await db.notificationRoute.create({ data: { id: createId("nrt"), ...fields } });
  recordChange({ targetType: "notificationRoute", targetId: route.id, after: route });
  return route;
}
