import type { z } from "zod";
import { recordChange } from "../audit/audit-scope";
import { noteSensorCorrection } from "../coverage/note-sensor-correction";
import { inTransaction, type Db } from "../db";
import { findSensorByKey } from "../sensors/find-sensor-by-key";
import { flagSensorRangeInput } from "../sensors/schemas";

/** Marks a sensor's readings in [from, to] as erroneous: readers leave them out unless they ask for raw values. */
export async function flagSensorRange(db: Db, options: z.input<typeof flagSensorRangeInput> & { by: string }) {
  const { key, from, to, reason } = flagSensorRangeInput.parse(options);
  return inTransaction(db, async (tx) => {
    const sensor = await findSensorByKey(tx, key);
    const flag = await tx.sensorFlag.create({ data: { sensorId: sensor.id, from, to, reason, createdBy: options.by } });
    await noteSensorCorrection(tx, { sensorKey: key, from: from.getTime(), to: to.getTime(), reason: "flag" });
    recordChange({ targetType: "sensorFlag", targetId: flag.id, after: { sensorKey: key, from, to, reason } });
    return flag;
  });
}
