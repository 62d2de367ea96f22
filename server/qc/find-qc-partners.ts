import type { Db } from "../db";

interface PointOfSensor {
  stationId: string;
  quantity: string;
  statistic: string;
  heightM: number | null;
}

/** The redundant partner (same station, quantity, statistic and height) and the neighbours (same station, quantity and statistic) of a point's sensor. */
export async function findQcPartners(db: Db, options: { sensorKey: string; point: PointOfSensor | null }): Promise<{ partner?: string; neighbours: string[] }> {
  if (!options.point) return { neighbours: [] };
  const { stationId, quantity, statistic, heightM } = options.point;
  const points = await db.measurementPoint.findMany({
    where: { stationId, quantity, statistic: statistic as never, sensor: { key: { not: options.sensorKey } } },
    select: { heightM: true, name: true, sensor: { select: { key: true } } },
    orderBy: { name: "asc" },
    take: 50,
  });
  const partner = heightM === null ? undefined : points.find((p) => p.heightM === heightM)?.sensor.key;
  return { partner, neighbours: points.map((p) => p.sensor.key) };
}
