import { DateTime } from "luxon";
import type { QuietHours } from "./schemas";

/**
 * When `at` falls in the quiet hours (local wall clock in their zone; a window may cross midnight),
 * the instant they end; otherwise null.
 */
export function quietHoursEnd(quiet: QuietHours | null | undefined, at: number): number | null {
  if (!quiet || quiet.start === quiet.end) return null;
  const local = DateTime.fromMillis(at, { zone: quiet.timeZone });
  const minutes = local.hour * 60 + local.minute;
  const [sh, sm] = quiet.start.split(":").map(Number);
  const [eh, em] = quiet.end.split(":").map(Number);
  const start = sh * 60 + sm;
  const end = eh * 60 + em;
  const inside = start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
  if (!inside) return null;
  let endAt = local.set({ hour: eh, minute: em, second: 0, millisecond: 0 });
  if (endAt.toMillis() <= at) endAt = endAt.plus({ days: 1 });
  return endAt.toMillis();
}
