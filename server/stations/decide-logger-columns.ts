import type { z } from "zod";
import { recordChange } from "../audit/audit-scope";
import type { Db } from "../db";
import { notFound } from "../errors";
import { inferMeasurementPoint } from "./infer-measurement-point";
import { infraTypeOfStation } from "./station-infra-types";
import type { columnDecision } from "./schemas";

type Decision = z.infer<typeof columnDecision>;


/** A column name as the tail of a sensor key: letters, digits, "_", "-", "." only. */
function keyPart(name: string): string {
  return name.replace(/[^\w.-]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 120) || "column";
}

/**
 * Stores the operator's decision for logger columns, once: a mapped column becomes a measurement
 * point of the station with its own sensor (key `<station slug>.<column>`; a sensor already
 * registered under that key, and no one's point yet, becomes the point's, history and all); an
 * ignored one is remembered as ignored. Columns already mapped keep their point.
 */
export async function decideLoggerColumns(db: Db, options: { loggerId: string; decisions: Decision[]; hints?: Map<string, { unit?: string; processing?: string }> }) {
  const logger = await db.logger.findUnique({ where: { id: options.loggerId }, include: { station: true, columns: true } });
  if (!logger) throw notFound("Logger");
  const station = logger.station;
  const mapped: Array<{ column: string; sensorKey: string }> = [];
  const ignored: string[] = [];
  for (const decision of options.decisions) {
    const existing = logger.columns.find((c) => c.name === decision.name);
    if (existing?.state === "mapped") continue;
    const hint = options.hints?.get(decision.name) ?? {};
    const proposal = existing?.proposal ?? inferMeasurementPoint(decision.name, hint);
    const where = { loggerId_name: { loggerId: logger.id, name: decision.name } };
    if (decision.action === "ignore") {
      await db.loggerColumn.upsert({ where, update: { state: "ignored", pointId: null }, create: { loggerId: logger.id, name: decision.name, state: "ignored", proposal: proposal as object, unit: hint.unit, processing: hint.processing } });
      ignored.push(decision.name);
      continue;
    }
    const key = `${station.slug}.${keyPart(decision.name)}`;
    const taken = await db.sensor.findUnique({ where: { key }, include: { point: { select: { id: true } } } });
    const sensorKey = taken && !taken.point ? key : taken ? `${key}.${keyPart(logger.serial)}` : key;
    const sensor =
      taken && !taken.point
        ? taken
        : await db.sensor.create({
            data: {
              key: sensorKey, name: `${station.name} ${decision.name}`.slice(0, 200), quantity: decision.quantity, unit: decision.unit,
              infraType: infraTypeOfStation[station.type], region: station.region, site: station.name, intervalSeconds: logger.averagingSeconds,
            },
          });
    const nameTaken = await db.measurementPoint.findUnique({ where: { stationId_name: { stationId: station.id, name: decision.name } }, select: { id: true } });
    const point = await db.measurementPoint.create({
      data: {
        stationId: station.id, sensorId: sensor.id, name: nameTaken ? `${decision.name} (${logger.serial})` : decision.name,
        quantity: decision.quantity, heightM: decision.heightM ?? null, orientation: decision.orientation ?? null, statistic: decision.statistic, unit: decision.unit,
      },
    });
    await db.loggerColumn.upsert({ where, update: { state: "mapped", pointId: point.id }, create: { loggerId: logger.id, name: decision.name, state: "mapped", pointId: point.id, proposal: proposal as object, unit: hint.unit, processing: hint.processing } });
    mapped.push({ column: decision.name, sensorKey: sensor.key });
  }
  recordChange({ targetType: "logger", targetId: logger.id, after: { mapped, ignored } });
  return { mapped, ignored };
}
