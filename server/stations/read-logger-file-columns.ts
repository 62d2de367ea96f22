import type { Db } from "../db";
import { notFound } from "../errors";
import type { LoggerReadOptions } from "../imports/schemas";
import { scanLoggerFile } from "../imports/scan-logger-file";
import { inferMeasurementPoint } from "./infer-measurement-point";

/**
 * Reads a file as its logger's (the logger's zone, stamps and read options, this file's overrides on
 * top) and sorts its columns: mapped to a point, ignored, held, or new (with the point the name proposes).
 */
export async function readLoggerFileColumns(db: Db, options: { loggerId: string; bytes: Buffer; readOptions: LoggerReadOptions; timeZone?: string }) {
  const logger = await db.logger.findUnique({
    where: { id: options.loggerId },
    include: { station: true, columns: { include: { point: { include: { sensor: { select: { key: true } } } } } } },
  });
  if (!logger) throw notFound("Logger");
  const readOptions: LoggerReadOptions = {
    ...(logger.readOptions as LoggerReadOptions),
    timestampsAtEnd: logger.timestampsAtEnd,
    averagingSeconds: logger.averagingSeconds,
    ...options.readOptions,
  };
  const timeZone = options.timeZone ?? logger.timeZone ?? logger.station.timeZone;
  const file = await scanLoggerFile(options.bytes, { ...readOptions, timeZone, columns: [] });
  const columns = file.columns.map((c) => {
    const known = logger.columns.find((k) => k.name === c.name);
    return {
      name: c.name,
      unit: c.unit ?? null,
      processing: c.processing ?? null,
      state: known?.state ?? ("new" as const),
      sensorKey: known?.point?.sensor.key ?? null,
      proposal: inferMeasurementPoint(c.name, { unit: c.unit, processing: c.processing }),
    };
  });
  return { logger, readOptions, timeZone, header: file.header, report: file.report, columns };
}
