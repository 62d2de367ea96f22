import { CronExpressionParser } from "cron-parser";
import cronstrue from "cronstrue";

export interface ScheduleFields {
  cron: string | null;
  timeZone: string;
  intervalMs: number | null;
  enabled: boolean;
}

function everyInWords(ms: number): string {
  if (ms % 3_600_000 === 0) return `Every ${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `Every ${ms / 60_000} min`;
  return `Every ${ms / 1000} s`;
}

/** The schedule in words, and the next time it fires (null when on demand or paused). */
export function describeSchedule(def: ScheduleFields, lastRunAt: Date | null, now = new Date()): { words: string; nextRunAt: Date | null } {
  if (def.cron) {
    const words = `${cronstrue.toString(def.cron, { verbose: false })} (${def.timeZone})`;
    const next = def.enabled ? CronExpressionParser.parse(def.cron, { tz: def.timeZone, currentDate: now }).next().toDate() : null;
    return { words, nextRunAt: next };
  }
  if (def.intervalMs) {
    const base = lastRunAt ? lastRunAt.getTime() + def.intervalMs : now.getTime();
    return { words: everyInWords(def.intervalMs), nextRunAt: def.enabled ? new Date(Math.max(base, now.getTime())) : null };
  }
  return { words: "On demand", nextRunAt: null };
}
