import { z } from "zod";

/** Longest IANA name is 32 characters (America/Argentina/ComodRivadavia); 64 leaves room, refuses junk early. */
export const TIME_ZONE_MAX_LENGTH = 64;
// Area/Location[/Sub], or a bare name (UTC): letters first, no spaces, no offsets like "+05:00".
const ZONE_SHAPE = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+){0,2}$/;

/**
 * The zone's name as the runtime's ICU spells it, if it knows it as an IANA zone, else null.
 * Only the spelling is normalised (europe/berlin → Europe/Berlin); an alias the user chose stays
 * (Asia/Kolkata, not ICU's legacy Asia/Calcutta).
 */
export function canonicalTimeZone(candidate: string): string | null {
  if (candidate.length > TIME_ZONE_MAX_LENGTH || !ZONE_SHAPE.test(candidate)) return null;
  try {
    const resolved = new Intl.DateTimeFormat("en-US", { timeZone: candidate }).resolvedOptions().timeZone;
    return resolved.toLowerCase() === candidate.toLowerCase() ? resolved : candidate;
  } catch {
    return null;
  }
}

export const timeZoneSchema = z
  .string()
  .trim()
  .min(1, "Choose a time zone")
  .max(TIME_ZONE_MAX_LENGTH, `A time zone name has at most ${TIME_ZONE_MAX_LENGTH} characters`)
  .refine((zone) => canonicalTimeZone(zone) !== null, { message: "Not an IANA time zone (e.g. Europe/Berlin, America/New_York, UTC)" })
  .transform((zone) => canonicalTimeZone(zone)!);

/** null: follow the browser's zone (UTC until the browser has said which). */
export const setTimeZoneInput = z.object({ timeZone: timeZoneSchema.nullable() });
