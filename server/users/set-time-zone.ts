import type { z } from "zod";
import { recordChange } from "../audit/audit-scope";
import type { Db } from "../db";
import { notFound } from "../errors";
import { setTimeZoneInput } from "./time-zone-schema";

export type SetTimeZoneOptions = z.input<typeof setTimeZoneInput> & { userId: string };

/** Stores the zone the console shows this user's times in (null: the browser's). */
export async function setTimeZone(db: Db, options: SetTimeZoneOptions): Promise<{ timeZone: string | null }> {
  const { timeZone } = setTimeZoneInput.parse({ timeZone: options.timeZone });
  const before = await db.user.findUnique({ where: { id: options.userId }, select: { timeZone: true } });
  if (!before) throw notFound("User");
  const after = await db.user.update({ where: { id: options.userId }, data: { timeZone }, select: { timeZone: true } });
  recordChange({ targetType: "user", targetId: options.userId, before, after });
  return after;
}
