import type { Db } from "../db";
import { notFound } from "../errors";

/** A station with its points in column order (by name, so Spd80mN sits before Spd80mNStd) and each point's sensor. */
export async function findStationExportPoints(db: Db, options: { stationId: string }) {
  const station = await db.station.findUnique({
    where: { id: options.stationId },
    select: {
      id: true,
      name: true,
      slug: true,
      latitude: true,
      longitude: true,
      elevationM: true,
      points: { orderBy: { name: "asc" }, select: { name: true, unit: true, sensor: { select: { key: true, intervalSeconds: true } } } },
    },
  });
  if (!station) throw notFound("Station");
  return {
    ...station,
    points: station.points.map((p) => ({ name: p.name, unit: p.unit, sensorKey: p.sensor.key, intervalSeconds: p.sensor.intervalSeconds })),
  };
}

export type StationExportPoints = Awaited<ReturnType<typeof findStationExportPoints>>;
