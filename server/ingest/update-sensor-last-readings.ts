import type { Db } from "../db";

export interface LastReading {
  key: string;
  at: Date;
  value: number;
}

// Prisma keeps DateTime as UTC in "timestamp without time zone", hence AT TIME ZONE 'UTC'.
/** Moves each sensor's lastReadingAt/lastValue forward (never back), in one statement for the whole batch. */
export async function updateSensorLastReadings(db: Db, options: { readings: LastReading[] }): Promise<number> {
  if (options.readings.length === 0) return 0;
  const keys = options.readings.map((r) => r.key);
  const times = options.readings.map((r) => r.at.toISOString());
  const values = options.readings.map((r) => r.value);
  return db.$executeRaw`
    UPDATE "Sensor" AS s
    SET "lastReadingAt" = v.at, "lastValue" = v.value, "updatedAt" = now()
    FROM (SELECT key, at AT TIME ZONE 'UTC' AS at, value FROM unnest(${keys}::text[], ${times}::timestamptz[], ${values}::float8[]) AS t(key, at, value)) AS v
    WHERE s.key = v.key AND (s."lastReadingAt" IS NULL OR s."lastReadingAt" <= v.at)`;
}
