import type { z } from "zod";
import { recordChange } from "../audit/audit-scope";
import { noteSensorCorrection } from "../coverage/note-sensor-correction";
import { inTransaction, type Db, type Tx } from "../db";
import { findSensorByKey } from "../sensors/find-sensor-by-key";
import { flagSensorRangeInput, sensorsRangeInput } from "../sensors/schemas";

async function createFlag(tx: Tx, options: { key: string; from: Date; to: Date; reason: string; by: string }) {
  const sensor = await findSensorByKey(tx, options.key);
  const flag = await tx.sensorFlag.create({ data: { sensorId: sensor.id, from: options.from, to: options.to, reason: options.reason, createdBy: options.by } });
  await noteSensorCorrection(tx, { sensorKey: options.key, from: options.from.getTime(), to: options.to.getTime(), reason: "flag" });
  recordChange({ targetType: "sensorFlag", targetId: flag.id, after: { sensorKey: options.key, from: options.from, to: options.to, reason: options.reason } });
  return flag;
}

/** Marks a sensor's readings in [from, to] as erroneous: readers leave them out unless they ask for raw values. */
export async function flagSensorRange(db: Db, options: z.input<typeof flagSensorRangeInput> & { by: string }) {
  const input = flagSensorRangeInput.parse(options);
  return inTransaction(db, (tx) => createFlag(tx, { ...input, by: options.by }));
}

/** The same range flagged on several points at once (a range brushed on a station's charts), all or none. */
export async function flagSensorsRange(db: Db, options: z.input<typeof sensorsRangeInput> & { by: string }) {
  const { keys, ...range } = sensorsRangeInput.parse(options);
  return inTransaction(db, async (tx) => {
    const flags = [];
    for (const key of keys) flags.push(await createFlag(tx, { key, ...range, by: options.by }));
    return { flagged: flags.map((f) => ({ id: f.id, sensorId: f.sensorId })) };
  });
}
