import type { z } from "zod";
import { recordChange } from "../audit/audit-scope";
import { inTransaction, type Db } from "../db";
import { DomainError, isUniqueViolation, notFound } from "../errors";
import { setSensorCalibration } from "../sensor-corrections/set-sensor-calibration";
import { setPointConfigInput } from "./schemas";

/**
 * The correction a configuration asks for, as the one linear calibration readings already use: the
 * logger recorded raw = ls × signal + lo, the certificate says true = cs × signal + co, so
 * true = (cs / ls) × raw + (co − cs × lo / ls). Without a certificate's slope and offset: none.
 */
export function pointCorrection(config: { loggerSlope: number; loggerOffset: number; calibrationSlope?: number | null; calibrationOffset?: number | null }) {
  if (config.calibrationSlope == null || config.calibrationOffset == null) return null;
  const slope = config.calibrationSlope / config.loggerSlope;
  return { slope, offset: config.calibrationOffset - slope * config.loggerOffset };
}

/**
 * Adds a dated version of a point's configuration (mounting, logger programming, calibration
 * certificate). Earlier versions stay as they were. With a certificate's calibration the point's
 * sensor gets the matching calibration from dateFrom on (its dated history applies it to readings
 * and marks them for re-judging), and the newest version's height and orientation become the point's.
 */
export async function setPointConfig(db: Db, options: z.input<typeof setPointConfigInput> & { by: string }) {
  const { pointId, ...fields } = setPointConfigInput.parse(options);
  const correction = pointCorrection(fields);
  // One transaction: the version and the calibration it implies land together or not at all.
  return inTransaction(db, async (tx) => {
    const point = await tx.measurementPoint.findUnique({ where: { id: pointId }, include: { sensor: { select: { key: true } } } });
    if (!point) throw notFound("Measurement point");
    let config;
    try {
      config = await tx.measurementPointConfig.create({ data: { pointId, ...fields, createdBy: options.by } });
    } catch (err) {
      if (isUniqueViolation(err)) throw new DomainError("CONFLICT", "This point already has a configuration starting at that time.", { field: "dateFrom" });
      throw err;
    }
    if (correction) {
      await setSensorCalibration(tx, {
        key: point.sensor.key,
        ...correction,
        effectiveFrom: fields.dateFrom,
        note: `point configuration${fields.certificate ? `, certificate ${fields.certificate}` : ""}`.slice(0, 500),
        by: options.by,
      });
    }
    const newest = await tx.measurementPointConfig.findFirst({ where: { pointId }, orderBy: { dateFrom: "desc" } });
    if (newest?.id === config.id) {
      await tx.measurementPoint.update({
        where: { id: pointId },
        data: { ...(fields.heightM != null ? { heightM: fields.heightM } : {}), ...(fields.orientation ? { orientation: fields.orientation } : {}) },
      });
    }
    recordChange({ targetType: "measurementPointConfig", targetId: config.id, after: { pointId, ...fields, correction } });
    return { config, correction };
  });
}
