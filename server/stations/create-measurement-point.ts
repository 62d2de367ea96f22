import type { Station } from "../db/generated/client";
import type { Db } from "../db";
import type { PointStatistic } from "./infer-measurement-point";
import { infraTypeOfStation } from "./station-infra-types";

/** A column name as the tail of a sensor key: letters, digits, "_", "-", "." only. */
export function keyPart(name: string): string {
  return (
    name
      .replace(/[^\w.-]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .slice(0, 120) || "column"
  );
}

export interface NewMeasurementPoint {
  station: Pick<Station, "id" | "slug" | "name" | "type" | "region">;
  name: string;
  quantity: string;
  heightM?: number | null;
  orientation?: string | null;
  statistic: PointStatistic;
  unit: string;
  intervalSeconds: number;
  /** Tells two loggers' columns of one name apart (key and point name). */
  loggerSerial?: string;
}

/**
 * A measurement point of a station with its own sensor (key `<station slug>.<name>`); a sensor
 * already registered under that key, and no one's point yet, becomes the point's, history and all.
 */
export async function createMeasurementPoint(db: Db, options: NewMeasurementPoint) {
  const { station } = options;
  const key = `${station.slug}.${keyPart(options.name)}`;
  const taken = await db.sensor.findUnique({ where: { key }, include: { point: { select: { id: true } } } });
  const suffix = keyPart(options.loggerSerial ?? "2");
  const sensor =
    taken && !taken.point
      ? taken
      : await db.sensor.create({
          data: {
            key: taken ? `${key}.${suffix}` : key,
            name: `${station.name} ${options.name}`.slice(0, 200),
            quantity: options.quantity,
            unit: options.unit,
            infraType: infraTypeOfStation[station.type],
            region: station.region,
            site: station.name,
            intervalSeconds: options.intervalSeconds,
          },
        });
  const nameTaken = await db.measurementPoint.findUnique({ where: { stationId_name: { stationId: station.id, name: options.name } }, select: { id: true } });
  const point = await db.measurementPoint.create({
    data: {
      stationId: station.id,
      sensorId: sensor.id,
      name: nameTaken ? `${options.name} (${suffix})` : options.name,
      quantity: options.quantity,
      heightM: options.heightM ?? null,
      orientation: options.orientation ?? null,
      statistic: options.statistic,
      unit: options.unit,
    },
  });
  return { point, sensor };
}
