import "server-only";
import { cookies } from "next/headers";
import { BROWSER_ZONE_COOKIE } from "@/components/ui/time-zone-context";
import { db } from "@/server/db";
import { getTimeZone } from "@/server/users/get-time-zone";
import { canonicalTimeZone } from "@/server/users/time-zone-schema";

/** The zone a server-rendered page shows this user's times in: theirs, else their browser's, else UTC. */
export async function displayZone(userId: string): Promise<{ zone: string; chosen: boolean }> {
  const stored = await getTimeZone(db, userId);
  const usableStored = stored ? canonicalTimeZone(stored) : null;
  if (usableStored) return { zone: usableStored, chosen: true };
  const fromBrowser = (await cookies()).get(BROWSER_ZONE_COOKIE)?.value;
  return { zone: (fromBrowser && canonicalTimeZone(decodeURIComponent(fromBrowser))) || "UTC", chosen: false };
}
