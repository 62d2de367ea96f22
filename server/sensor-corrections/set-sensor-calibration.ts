import type { z } from "zod";
import { recordChange } from "../audit/audit-scope";
import { noteSensorCorrection } from "../coverage/note-sensor-correction";
import { inTransaction, type Db } from "../db";
import { DomainError, isUniqueViolation } from "../errors";
import { identityCalibration } from "../readings/calibration";
import { findSensorByKey } from "../sensors/find-sensor-by-key";
import { setSensorCalibrationInput } from "../sensors/schemas";

/** Adds a calibration from a time on; earlier readings keep the calibration that was in effect for them. */
export async function setSensorCalibration(db: Db, options: z.input<typeof setSensorCalibrationInput> & { by: string }) {
  const { key, slope, offset, effectiveFrom, note } = setSensorCalibrationInput.parse(options);
  try {
    return await inTransaction(db, async (tx) => {
      const sensor = await findSensorByKey(tx, key);
      const previous = await tx.sensorCalibration.findFirst({
        where: { sensorId: sensor.id, effectiveFrom: { lte: effectiveFrom } },
        orderBy: { effectiveFrom: "desc" },
      });
      const calibration = await tx.sensorCalibration.create({
        data: { sensorId: sensor.id, slope, offset, effectiveFrom, note: note || null, createdBy: options.by },
      });
      // It applies until the next calibration (or to now): readings there now read differently.
      const next = await tx.sensorCalibration.findFirst({
        where: { sensorId: sensor.id, effectiveFrom: { gt: effectiveFrom } },
        orderBy: { effectiveFrom: "asc" },
      });
      await noteSensorCorrection(tx, {
        sensorKey: key,
        from: effectiveFrom.getTime(),
        to: next ? next.effectiveFrom.getTime() - 1 : Date.now(),
        reason: "calibration",
      });
      recordChange({
        targetType: "sensorCalibration",
        targetId: key,
        before: previous ? { slope: previous.slope, offset: previous.offset, effectiveFrom: previous.effectiveFrom } : identityCalibration,
        after: { slope, offset, effectiveFrom },
      });
      return calibration;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError("CONFLICT", "This sensor already has a calibration starting at that time.", { field: "effectiveFrom" });
    throw err;
  }
}
