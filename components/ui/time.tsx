"use client";

import { formatInZone, formatRelative, formatUtc, toDate, type TimeStyle, type TimeValue } from "./time-format";
import { useTimeZone } from "./time-zone-context";
import { useNow } from "./use-now";

interface TimeProps {
  value: TimeValue;
  /** "3 min ago" (updating), with the zone-local time and UTC in the tooltip. */
  relative?: boolean;
  format?: TimeStyle;
  /** Shown when there is no time. */
  empty?: string;
  className?: string;
}

/**
 * A time as people read it: in the user's zone, UTC on hover. Server-rendered in the same zone
 * (TimeZoneProvider), so only a relative age can differ between the server's clock and the browser's.
 */
export function Time({ value, relative = false, format = "datetime", empty = "–", className }: TimeProps) {
  const { zone } = useTimeZone();
  const d = toDate(value);
  if (!d) return <span className={className}>{empty}</span>;
  const local = formatInZone(d, zone, format);
  const utc = formatUtc(d);
  return (
    <time
      dateTime={d.toISOString()}
      title={relative ? `${formatInZone(d, zone)} · ${utc}` : utc}
      className={className}
      data-zone={zone}
      suppressHydrationWarning
    >
      {relative ? <RelativeAge at={d.getTime()} /> : local}
    </time>
  );
}

function RelativeAge({ at }: { at: number }) {
  const now = useNow(at > Date.now() - 120_000 ? 5_000 : 30_000);
  return <>{formatRelative(at, now)}</>;
}
