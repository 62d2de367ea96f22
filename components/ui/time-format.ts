import { DateTime } from "luxon";
import { formatAge } from "@/components/sensors/format-age";

/**
 * The one way the console writes a time: in the user's zone, in a fixed shape
 * (2026-12-02 06:11:20 GMT+1) so a server-rendered page and its hydrated copy agree whatever the
 * machine's or browser's locale, with the UTC instant for the tooltip. Pure: server and client use it.
 */
export type TimeValue = Date | string | number | null | undefined;
export type TimeStyle = "datetime" | "minute" | "date" | "time";

export function toDate(value: TimeValue): Date | null {
  if (value === null || value === undefined || value === "") return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsIn(d: Date, zone: string): Record<string, string> {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
      timeZoneName: "short",
    });
    formatters.set(zone, f);
  }
  return Object.fromEntries(f.formatToParts(d).map((p) => [p.type, p.value]));
}

/** A zone the runtime knows, else UTC: a bad stored or cookie value never breaks a page. */
export function usableZone(zone: string | null | undefined): string {
  if (!zone) return "UTC";
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return zone;
  } catch {
    return "UTC";
  }
}

/** "2026-12-02 06:11:20 GMT+1" (datetime), "… 06:11 GMT+1" (minute), "2026-12-02" (date), "06:11:20" (time). */
export function formatInZone(value: TimeValue, zone: string, style: TimeStyle = "datetime"): string {
  const d = toDate(value);
  if (!d) return "–";
  const p = partsIn(d, usableZone(zone));
  const date = `${p.year}-${p.month}-${p.day}`;
  const time = `${p.hour}:${p.minute}`;
  switch (style) {
    case "date":
      return date;
    case "time":
      return `${time}:${p.second}`;
    case "minute":
      return `${date} ${time} ${p.timeZoneName}`;
    default:
      return `${date} ${time}:${p.second} ${p.timeZoneName}`;
  }
}

/** The instant in UTC, for tooltips: "2026-12-02 05:11:20 UTC". */
export function formatUtc(value: TimeValue): string {
  const d = toDate(value);
  return d ? `${d.toISOString().slice(0, 19).replace("T", " ")} UTC` : "";
}

/** "just now", "42 s ago", "3 min ago", "5 h ago", "2 d ago"; future instants read "in 3 min". */
export function formatRelative(value: TimeValue, now: number): string {
  const d = toDate(value);
  if (!d) return "never";
  const diff = now - d.getTime();
  if (Math.abs(diff) < 5_000) return "just now";
  return diff > 0 ? `${formatAge(diff)} ago` : `in ${formatAge(-diff)}`;
}

/** The zone's short name at an instant ("GMT+1", "EST", "UTC"), for axis labels and captions. */
export function zoneAbbreviation(zone: string, at: TimeValue = Date.now()): string {
  const d = toDate(at) ?? new Date();
  return partsIn(d, usableZone(zone)).timeZoneName;
}

const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/**
 * Chart tick labels in the zone, as fine as the visible span needs: "06:15" within a day,
 * "Dec 2 06:00" within a week, "Dec 2" beyond.
 */
export function axisTickFormatter(zone: string, spanMs: number): (value: TimeValue) => string {
  return (value) => {
    const d = toDate(value);
    if (!d) return "";
    const p = partsIn(d, usableZone(zone));
    const day = `${month[Number(p.month) - 1]} ${Number(p.day)}`;
    if (spanMs <= 86_400_000) return `${p.hour}:${p.minute}`;
    if (spanMs <= 7 * 86_400_000) return `${day} ${p.hour}:${p.minute}`;
    return day;
  };
}

/** A time as the value of an <input type="datetime-local"> ("2026-12-02T06:11"), read in the zone. */
export function toZonedInput(value: TimeValue, zone: string): string {
  const d = toDate(value);
  return d ? DateTime.fromJSDate(d, { zone: usableZone(zone) }).toFormat("yyyy-MM-dd'T'HH:mm") : "";
}

/** What a datetime-local input holds, taken as a wall-clock time in the zone; null when empty or not a time. */
export function fromZonedInput(text: string | null | undefined, zone: string): Date | null {
  if (!text) return null;
  const t = DateTime.fromISO(text, { zone: usableZone(zone) });
  return t.isValid ? t.toJSDate() : null;
}
