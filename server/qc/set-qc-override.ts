import type { z } from "zod";
import { recordChange } from "../audit/audit-scope";
import { noteSensorCorrection } from "../coverage/note-sensor-correction";
import { inTransaction, type Db, type Tx } from "../db";
import { notFound } from "../errors";
import { findSensorByKey } from "../sensors/find-sensor-by-key";
import { subtractRanges } from "./codes-to-ranges";
import { requestQcEvaluation } from "./request-qc-evaluation";
import { removeQcOverrideInput, setQcOverrideInput } from "./schemas";

/** Inside tx: the override's row, and the auto flags under it cut away (their parts outside it kept). */
export async function overrideAutoFlags(tx: Tx, options: { sensorId: string; sensorKey: string; from: Date; to: Date; reason: string; by: string }) {
  const override = await tx.sensorQcOverride.create({
    data: { sensorId: options.sensorId, from: options.from, to: options.to, reason: options.reason, createdBy: options.by },
  });
  const under = await tx.sensorFlag.findMany({ where: { sensorId: options.sensorId, source: "auto", from: { lte: options.to }, to: { gte: options.from } } });
  if (under.length) {
    await tx.sensorFlag.deleteMany({ where: { id: { in: under.map((f) => f.id) } } });
    const kept = subtractRanges(
      under.map((f) => ({ ...f, from: f.from.getTime(), to: f.to.getTime() })),
      [{ from: options.from.getTime(), to: options.to.getTime() }],
    );
    if (kept.length) {
      await tx.sensorFlag.createMany({
        data: kept.map(({ id: _id, sensorId, from, to, reason, createdBy, source, severity, test, testVersion, params }) => ({
          sensorId,
          from: new Date(from),
          to: new Date(to),
          reason,
          createdBy,
          source,
          severity,
          test,
          testVersion,
          params: params ?? undefined,
        })),
      });
    }
  }
  await noteSensorCorrection(tx, { sensorKey: options.sensorKey, from: options.from.getTime(), to: options.to.getTime(), reason: "qc-override" });
  recordChange({
    targetType: "sensorQcOverride",
    targetId: override.id,
    after: { sensorKey: options.sensorKey, from: options.from, to: options.to, reason: options.reason, autoFlagsCut: under.length },
  });
  return { override, autoFlagsCut: under.length };
}

/** A manual "these readings are good": QC's flags there go now and are not written again while it stands. */
export async function setQcOverride(db: Db, options: z.input<typeof setQcOverrideInput> & { by: string }) {
  const { key, from, to, reason } = setQcOverrideInput.parse(options);
  return inTransaction(db, async (tx) => {
    const sensor = await findSensorByKey(tx, key);
    return overrideAutoFlags(tx, { sensorId: sensor.id, sensorKey: key, from, to, reason, by: options.by });
  });
}

/** Takes a "good" verdict back: QC re-judges its range (queued), so its flags there may return. */
export async function removeQcOverride(db: Db, options: z.input<typeof removeQcOverrideInput> & { by: string }) {
  const { id } = removeQcOverrideInput.parse(options);
  return inTransaction(db, async (tx) => {
    const row = await tx.sensorQcOverride.findUnique({ where: { id }, include: { sensor: { select: { key: true } } } });
    if (!row) throw notFound("QC override");
    await tx.sensorQcOverride.delete({ where: { id } });
    recordChange({ targetType: "sensorQcOverride", targetId: id, before: { sensorKey: row.sensor.key, from: row.from, to: row.to, reason: row.reason } });
    const run = await requestQcEvaluation(tx, { sensorKeys: [row.sensor.key], from: row.from, to: row.to, triggeredBy: options.by });
    return { id, sensorKey: row.sensor.key, reevaluationRunId: run.id };
  });
}
