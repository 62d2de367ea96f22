import type { z } from "zod";
import { recordChange } from "../audit/audit-scope";
import { noteSensorCorrection } from "../coverage/note-sensor-correction";
import { inTransaction, type Db } from "../db";
import { notFound } from "../errors";
import { overrideAutoFlags } from "../qc/set-qc-override";
import { removeSensorFlagInput } from "../sensors/schemas";

/** Takes a flag back: its readings count again (unless another flag covers them). */
export async function removeSensorFlag(db: Db, options: z.input<typeof removeSensorFlagInput> & { by: string }) {
  const { id } = removeSensorFlagInput.parse(options);
  return inTransaction(db, async (tx) => {
    const flag = await tx.sensorFlag.findUnique({ where: { id }, include: { sensor: { select: { key: true } } } });
    if (!flag) throw notFound("Flag");
    // Deleting an auto flag alone would last until QC next ran: taking it back is a manual "good" verdict over its range.
    if (flag.source === "auto") {
      await overrideAutoFlags(tx, {
        sensorId: flag.sensorId,
        sensorKey: flag.sensor.key,
        from: flag.from,
        to: flag.to,
        reason: `Auto flag (${flag.test}) taken back by hand`,
        by: options.by,
      });
      return { id, sensorKey: flag.sensor.key };
    }
    await tx.sensorFlag.delete({ where: { id } });
    await noteSensorCorrection(tx, { sensorKey: flag.sensor.key, from: flag.from.getTime(), to: flag.to.getTime(), reason: "unflag" });
    recordChange({ targetType: "sensorFlag", targetId: id, before: { sensorKey: flag.sensor.key, from: flag.from, to: flag.to, reason: flag.reason } });
    return { id, sensorKey: flag.sensor.key };
  });
}
