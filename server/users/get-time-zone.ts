import type { Db } from "../db";

/** The user's stored zone, or null when they follow the browser's. */
export async function getTimeZone(db: Db, userId: string): Promise<string | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { timeZone: true } });
  return user?.timeZone ?? null;
}
