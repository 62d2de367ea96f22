import { DateTime } from "luxon";

/** A timestamp with its own offset (ISO 8601 with Z or ±hh:mm) keeps it; one without is read in timeZone. */
export function parseLoggerTimestamp(text: string, timeZone: string): number | null {
  let parsed = DateTime.fromISO(text, { zone: timeZone });
  if (!parsed.isValid) parsed = DateTime.fromSQL(text, { zone: timeZone });
  return parsed.isValid ? parsed.toMillis() : null;
}
