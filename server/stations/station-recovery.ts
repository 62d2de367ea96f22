import type { z } from "zod";
import type { Db } from "../db";
import { notFound } from "../errors";
import { influx as sharedInflux, type InfluxClient } from "../influx/influx-client";
import { aggregateReadings } from "../readings/aggregate-readings";
import { stationRecoveryInput } from "./schemas";

const DAY_MS = 86_400_000;

/**
 * Data recovery rate per measurement point per UTC day, as met-mast analysts report it: records
 * present ÷ records the logger's averaging period makes possible in the day (144 for 10-minute
 * averages), in %. The window ends with the day of the station's newest reading (files are often
 * imported long after), `days` days back.
 */
export async function stationRecovery(db: Db, options: z.input<typeof stationRecoveryInput>, client: InfluxClient = sharedInflux()) {
  const { id, days } = stationRecoveryInput.parse(options);
  const station = await db.station.findUnique({
    where: { id },
    select: {
      id: true,
      points: {
        orderBy: [{ quantity: "asc" }, { heightM: "desc" }, { name: "asc" }],
        select: { id: true, name: true, sensor: { select: { key: true, intervalSeconds: true, lastReadingAt: true } } },
      },
    },
  });
  if (!station) throw notFound("Station");
  const newest = Math.max(0, ...station.points.map((p) => p.sensor.lastReadingAt?.getTime() ?? 0));
  if (!newest) return { days: [] as string[], points: [] };
  const end = Math.floor(newest / DAY_MS) * DAY_MS + DAY_MS;
  const start = end - days * DAY_MS;
  const counts = await aggregateReadings(client, { sensorKeys: station.points.map((p) => p.sensor.key), from: start - 1, to: end - 1, bucketMs: DAY_MS });
  const dayStarts = Array.from({ length: days }, (_, i) => start + i * DAY_MS);
  return {
    days: dayStarts.map((d) => new Date(d).toISOString().slice(0, 10)),
    points: station.points.map((p) => {
      const expected = Math.max(1, Math.floor(86_400 / p.sensor.intervalSeconds));
      const byDay = new Map((counts.get(p.sensor.key) ?? []).map((b) => [Math.floor(b.time / DAY_MS) * DAY_MS, b.count]));
      const perDay = dayStarts.map((d) => {
        const count = byDay.get(d) ?? 0;
        return { count, percent: Math.min(100, Math.round((count / expected) * 1000) / 10) };
      });
      const total = perDay.reduce((sum, d) => sum + d.count, 0);
      return {
        pointId: p.id,
        name: p.name,
        expectedPerDay: expected,
        days: perDay,
        percent: Math.min(100, Math.round((total / (expected * days)) * 1000) / 10),
      };
    }),
  };
}
