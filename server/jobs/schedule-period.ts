import { CronExpressionParser } from "cron-parser";
import type { JobDefinition } from "../db/generated/client";

/** How long a scheduled definition's period is now: its interval, or the gap between its next two cron firings. */
export function schedulePeriodMs(def: Pick<JobDefinition, "cron" | "timeZone" | "intervalMs">, now = new Date()): number | null {
  if (def.intervalMs) return def.intervalMs;
  if (!def.cron) return null;
  try {
    const times = CronExpressionParser.parse(def.cron, { tz: def.timeZone, currentDate: now, strict: false });
    const first = times.next().getTime();
    return times.next().getTime() - first;
  } catch {
    return null;
  }
}
