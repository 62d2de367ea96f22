import type { Db } from "../db";
import { notFound } from "../errors";

/** The sensor with this key, or NOT_FOUND. */
export async function findSensorByKey(db: Db, key: string) {
  const sensor = await db.sensor.findUnique({ where: { key } });
  if (!sensor) throw notFound("Sensor");
  return sensor;
}
