import { DateTime, FixedOffsetZone, IANAZone } from "luxon";

/** A way to read a logger's time stamps; `order` says which field comes first, for the ambiguity check. */
export interface LoggerTimeFormat {
  /** The luxon format (Unicode date-field tokens), or "ISO" for ISO 8601 / SQL-style stamps. */
  format: string;
  order: "ymd" | "dmy" | "mdy";
}

// An offset at the end of a stamp ("+00:00", "-0500", "Z"), as tools add when they re-save a file.
const OFFSET_SUFFIX = /(Z|[+-]\d{2}:?\d{2})$/;

const dateParts = { dmy: ["d/M/yyyy", "d.M.yyyy", "d-M-yyyy", "d/M/yy"], mdy: ["M/d/yyyy", "M/d/yy"], ymd: ["yyyy/M/d"] } as const;
const timeParts = ["H:mm", "H:mm:ss", "H:mm:ss.S", "h:mm a", "h:mm:ss a"];

/** The formats detection tries, unambiguous ISO first. */
export const candidateTimeFormats: LoggerTimeFormat[] = [
  { format: "ISO", order: "ymd" },
  ...(Object.entries(dateParts) as Array<[LoggerTimeFormat["order"], readonly string[]]>).flatMap(([order, dates]) =>
    dates.flatMap((date) => timeParts.map((time) => ({ format: `${date} ${time}`, order }))),
  ),
];

/** "UTC", an IANA zone, or a fixed offset ("+01:00", "UTC-05:00") as a luxon zone; null if none of these. */
export function loggerZone(text: string) {
  const offset = /^(?:UTC)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(text.trim());
  if (offset) {
    const minutes = (Number(offset[2]) * 60 + Number(offset[3] ?? 0)) * (offset[1] === "-" ? -1 : 1);
    return Math.abs(minutes) <= 14 * 60 ? FixedOffsetZone.instance(minutes) : null;
  }
  if (/^(UTC|GMT|Etc\/UTC|Etc\/GMT|Z)$/i.test(text.trim())) return FixedOffsetZone.utcInstance;
  return IANAZone.isValidZone(text) ? IANAZone.create(text) : null;
}

type Zone = NonNullable<ReturnType<typeof loggerZone>>;
const utc = FixedOffsetZone.utcInstance;
const OWN_OFFSET = /(Z|[+-]\d{2}(:?\d{2})?)$/;

/** The stamp read as if it were UTC: wall-clock ms, and whether it named its own offset (then it is the instant). */
function readWallClock(stamp: string, format: string): { ms: number; ownOffset: boolean } | null {
  if (format === "ISO") {
    const iso = DateTime.fromISO(stamp, { zone: utc });
    const parsed = iso.isValid ? iso : DateTime.fromSQL(stamp, { zone: utc });
    return parsed.isValid ? { ms: parsed.toMillis(), ownOffset: OWN_OFFSET.test(stamp) && /\d[T ]\d/.test(stamp) } : null;
  }
  if (/Z/.test(format.replace(/'[^']*'/g, ""))) {
    const parsed = DateTime.fromFormat(stamp, format, { zone: utc });
    return parsed.isValid ? { ms: parsed.toMillis(), ownOffset: true } : null;
  }
  const suffix = OFFSET_SUFFIX.exec(stamp);
  if (!suffix) {
    const parsed = DateTime.fromFormat(stamp, format, { zone: utc });
    return parsed.isValid ? { ms: parsed.toMillis(), ownOffset: false } : null;
  }
  const body = stamp.slice(0, -suffix[0].length).trim();
  const offset = suffix[1] === "Z" ? "+00:00" : suffix[1];
  // "ZZ" wants a colon; "-0500" needs "ZZZ".
  for (const token of ["ZZ", "ZZZ"]) {
    const parsed = DateTime.fromFormat(`${body} ${offset}`, `${format} ${token}`, { zone: utc });
    if (parsed.isValid) return { ms: parsed.toMillis(), ownOffset: true };
  }
  return null;
}

// Offsets of a zone by wall-clock hour: luxon asks Intl for every conversion, which costs more than
// the rest of a row; offsets change at most once an hour, so one conversion per hour of stamps is
// enough. An hour whose first and last minute differ holds a change: its stamps go to luxon one by one.
const offsetCache = new Map<string, Map<number, number | null>>();

function zonedInstant(wall: number, zone: Zone): number {
  const d = new Date(wall);
  const fields = {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
  };
  return DateTime.fromObject(fields, { zone }).toMillis();
}

function wallClockToInstant(wall: number, zone: Zone): number {
  if (zone.isUniversal) return wall - zone.offset(wall) * 60_000;
  let cache = offsetCache.get(zone.name);
  if (!cache || cache.size > 200_000) offsetCache.set(zone.name, (cache = new Map()));
  const hour = Math.floor(wall / 3_600_000) * 3_600_000;
  let shift = cache.get(hour);
  if (shift === undefined) {
    const first = zonedInstant(hour, zone) - hour;
    const last = zonedInstant(hour + 3_599_000, zone) - (hour + 3_599_000);
    shift = first === last ? first : null;
    cache.set(hour, shift);
  }
  return shift === null ? zonedInstant(wall, zone) : wall + shift;
}

/**
 * Reads one stamp in a format, in the zone unless the stamp carries its own offset (kept as given).
 * Returns epoch ms or null.
 */
export function parseLoggerTime(text: string, format: string, zone: Zone): number | null {
  const wall = readWallClock(text.trim(), format);
  if (!wall) return null;
  return wall.ownOffset ? wall.ms : wallClockToInstant(wall.ms, zone);
}

/** Keeps the candidate formats that read this stamp. */
export function narrowTimeFormats(candidates: LoggerTimeFormat[], stamp: string, zone: Zone): LoggerTimeFormat[] {
  return candidates.filter((c) => parseLoggerTime(stamp, c.format, zone) !== null);
}

/** True when the remaining formats disagree on which field is the day. */
export function timeFormatsAmbiguous(candidates: LoggerTimeFormat[]): boolean {
  return new Set(candidates.map((c) => c.order)).size > 1;
}
