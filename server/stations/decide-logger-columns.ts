import type { z } from "zod";
import { recordChange } from "../audit/audit-scope";
import type { Db } from "../db";
import { notFound } from "../errors";
import { inferMeasurementPoint } from "./infer-measurement-point";
import { createMeasurementPoint } from "./create-measurement-point";
import type { columnDecision } from "./schemas";

type Decision = z.infer<typeof columnDecision>;

/**
 * Stores the operator's decision for logger columns, once: a mapped column becomes a measurement
 * point of the station (createMeasurementPoint); an ignored one is remembered as ignored. Columns
 * already mapped keep their point.
 */
export async function decideLoggerColumns(
  db: Db,
  options: { loggerId: string; decisions: Decision[]; hints?: Map<string, { unit?: string; processing?: string }> },
) {
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
      await db.loggerColumn.upsert({
        where,
        update: { state: "ignored", pointId: null },
        create: { loggerId: logger.id, name: decision.name, state: "ignored", proposal: proposal as object, unit: hint.unit, processing: hint.processing },
      });
      ignored.push(decision.name);
      continue;
    }
    const { point, sensor } = await createMeasurementPoint(db, {
      station,
      name: decision.name,
      quantity: decision.quantity,
      heightM: decision.heightM,
      orientation: decision.orientation,
      statistic: decision.statistic,
      unit: decision.unit,
      intervalSeconds: logger.averagingSeconds,
      loggerSerial: logger.serial,
    });
    await db.loggerColumn.upsert({
      where,
      update: { state: "mapped", pointId: point.id },
      create: {
        loggerId: logger.id,
        name: decision.name,
        state: "mapped",
        pointId: point.id,
        proposal: proposal as object,
        unit: hint.unit,
        processing: hint.processing,
      },
    });
    mapped.push({ column: decision.name, sensorKey: sensor.key });
  }
  recordChange({ targetType: "logger", targetId: logger.id, after: { mapped, ignored } });
  return { mapped, ignored };
}
