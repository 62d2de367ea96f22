import type { Db } from "../db";

export interface LastReading {
  sensorKey: string;
  time: number;
  value: number;
}

/**
 * Moves each sensor's lastReadingAt/lastValue forward in one statement (UPDATE … FROM unnest),
 * never back: a late or replayed batch does not hide a newer reading.
 */
export async function recordLastReadings(db: Db, options: { readings: readonly LastReading[] }): Promise<number> {
  const newest = new Map<string, LastReading>();
  for (const r of options.readings) {
    const seen = newest.get(r.sensorKey);
    if (!seen || r.time > seen.time) newest.set(r.sensorKey, r);
  }
  if (newest.size === 0) return 0;
  const rows = [...newest.values()];
  return db.$executeRaw`
    UPDATE "Sensor" AS s SET "lastReadingAt" = u.at AT TIME ZONE 'UTC', "lastValue" = u.value, "updatedAt" = now()
    FROM unnest(${rows.map((r) => r.sensorKey)}::text[], ${rows.map((r) => new Date(r.time).toISOString())}::timestamptz[], ${rows.map((r) => r.value)}::float8[]) AS u(key, at, value)
    WHERE s.key = u.key AND (s."lastReadingAt" IS NULL OR s."lastReadingAt" < u.at AT TIME ZONE 'UTC')`;
}
