import { CronExpressionParser } from "cron-parser";
import { matchSubject, type NotificationSubject } from "./match-subject";
import type { Matchers } from "./schemas";

export interface SilenceLike {
  id: string;
  matchers: Matchers;
  startsAt: Date;
  endsAt: Date;
  recurrenceCron?: string | null;
  durationMinutes?: number | null;
  timeZone?: string | null;
}

/** Whether a silence mutes at `at`: inside [startsAt, endsAt), and for a recurring window inside one of its occurrences. */
export function silenceActiveAt(silence: SilenceLike, at: number): boolean {
  if (at < silence.startsAt.getTime() || at >= silence.endsAt.getTime()) return false;
  if (!silence.recurrenceCron) return true;
  const durationMs = (silence.durationMinutes ?? 0) * 60_000;
  try {
    // The latest occurrence at or before `at` decides: are we still within its duration?
    const previous = CronExpressionParser.parse(silence.recurrenceCron, { currentDate: new Date(at + 1), tz: silence.timeZone ?? "UTC" })
      .prev()
      .getTime();
    return at - previous < durationMs;
  } catch {
    return false;
  }
}

/** When the occurrence active at `at` ends (the window's end, or for a recurring window its current occurrence's). */
export function silenceActiveUntil(silence: SilenceLike, at: number): number {
  if (!silence.recurrenceCron) return silence.endsAt.getTime();
  try {
    const previous = CronExpressionParser.parse(silence.recurrenceCron, { currentDate: new Date(at + 1), tz: silence.timeZone ?? "UTC" })
      .prev()
      .getTime();
    return Math.min(silence.endsAt.getTime(), previous + (silence.durationMinutes ?? 0) * 60_000);
  } catch {
    return at;
  }
}

/** The first silence that mutes this subject now, if any. */
export function activeSilence<S extends SilenceLike>(silences: readonly S[], subject: NotificationSubject, at: number): S | undefined {
  return silences.find((s) => silenceActiveAt(s, at) && matchSubject(s.matchers, subject));
}
