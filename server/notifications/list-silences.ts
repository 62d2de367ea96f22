import type { Db } from "../db";
import { silenceActiveAt } from "./active-silence";
import type { Matchers } from "./schemas";

/** Silences that have not ended (and the last day's ended ones), with whether each mutes right now. */
export async function listSilences(db: Db, options: { now?: number } = {}) {
  const now = options.now ?? Date.now();
  const rows = await db.notificationSilence.findMany({ where: { endsAt: { gt: new Date(now - 86_400_000) } }, orderBy: { endsAt: "desc" }, take: 200 });
  return rows.map((s) => ({ ...s, matchers: s.matchers as Matchers, activeNow: silenceActiveAt({ ...s, matchers: s.matchers as Matchers }, now) }));
}
