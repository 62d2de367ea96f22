import type { z } from "zod";
import { recordChange } from "../audit/audit-scope";
import { noteSensorCorrection } from "../coverage/note-sensor-correction";
import { inTransaction, type Db } from "../db";
import { notFound } from "../errors";
import { removeSensorFlagInput } from "../sensors/schemas";

/** Takes a flag back: its readings count again. */
export async function removeSensorFlag(db: Db, options: z.input<typeof removeSensorFlagInput>) {
  const { id } = removeSensorFlagInput.parse(options);
  return inTransaction(db, async (tx) => {
    const flag = await tx.sensorFlag.findUnique({ where: { id }, include: { sensor: { select: { key: true } } } });
    if (!flag) throw notFound("Flag");
    await tx.sensorFlag.delete({ where: { id } });
    await noteSensorCorrection(tx, { sensorKey: flag.sensor.key, from: flag.from.getTime(), to: flag.to.getTime(), reason: "unflag" });
    recordChange({ targetType: "sensorFlag", targetId: id, before: { sensorKey: flag.sensor.key, from: flag.from, to: flag.to, reason: flag.reason } });
    return { id, sensorKey: flag.sensor.key };
  });
}
