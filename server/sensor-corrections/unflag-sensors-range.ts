import type { z } from "zod";
import { recordChange } from "../audit/audit-scope";
import { noteSensorCorrection } from "../coverage/note-sensor-correction";
import { inTransaction, type Db } from "../db";
import { subtractRanges } from "../qc/codes-to-ranges";
import { overrideAutoFlags } from "../qc/set-qc-override";
import { findSensorByKey } from "../sensors/find-sensor-by-key";
import { sensorsRangeInput } from "../sensors/schemas";

/**
 * Takes flags back over a brushed range on one or several points: people's flags lose the part inside
 * it (a flag that reached past an edge keeps its outside part), and QC's flags there get a "good"
 * verdict so the next evaluation does not put them back. All points or none.
 */
export async function unflagSensorsRange(db: Db, options: z.input<typeof sensorsRangeInput> & { by: string }) {
  const { keys, from, to, reason } = sensorsRangeInput.parse(options);
  const hole = { from: from.getTime(), to: to.getTime() };
  return inTransaction(db, async (tx) => {
    let cut = 0;
    let autoCut = 0;
    for (const key of keys) {
      const sensor = await findSensorByKey(tx, key);
      const manual = await tx.sensorFlag.findMany({ where: { sensorId: sensor.id, source: "manual", from: { lte: to }, to: { gte: from } } });
      if (manual.length) {
        await tx.sensorFlag.deleteMany({ where: { id: { in: manual.map((f) => f.id) } } });
        const kept = subtractRanges(
          manual.map((f) => ({ ...f, from: f.from.getTime(), to: f.to.getTime() })),
          [hole],
        );
        if (kept.length) {
          await tx.sensorFlag.createMany({
            data: kept.map((f) => ({ sensorId: f.sensorId, from: new Date(f.from), to: new Date(f.to), reason: f.reason, createdBy: f.createdBy })),
          });
        }
        cut += manual.length;
        await noteSensorCorrection(tx, { sensorKey: key, from: hole.from, to: hole.to, reason: "unflag" });
        recordChange({
          targetType: "sensorFlag",
          targetId: manual.map((f) => f.id).join(","),
          before: { sensorKey: key, flags: manual.map((f) => ({ from: f.from, to: f.to, reason: f.reason })) },
          after: { sensorKey: key, unflagged: { from, to }, reason },
        });
      }
      if (await tx.sensorFlag.count({ where: { sensorId: sensor.id, source: "auto", from: { lte: to }, to: { gte: from } } })) {
        autoCut += (await overrideAutoFlags(tx, { sensorId: sensor.id, sensorKey: key, from, to, reason, by: options.by })).autoFlagsCut;
      }
    }
    return { manualFlagsCut: cut, autoFlagsCut: autoCut };
  });
}
