import type { z } from "zod";
import { recordChange } from "../audit/audit-scope";
import { inTransaction, type Db } from "../db";
import { DomainError, notFound } from "../errors";
import { updateSensorInput } from "./schemas";

/** Changes a sensor's metadata; the key is its identity in InfluxDB and does not change. */
export async function updateSensor(db: Db, options: z.input<typeof updateSensorInput>) {
  const { key, ...changes } = updateSensorInput.parse(options);
  return inTransaction(db, async (tx) => {
    const before = await tx.sensor.findUnique({ where: { key } });
    if (!before) throw notFound("Sensor");
    const validMin = changes.validMin === undefined ? before.validMin : changes.validMin;
    const validMax = changes.validMax === undefined ? before.validMax : changes.validMax;
    if (validMin != null && validMax != null && validMin >= validMax) {
      throw new DomainError("INVALID", "Valid minimum must be below valid maximum", { field: "validMax" });
    }
    const after = await tx.sensor.update({ where: { key }, data: changes });
    recordChange({ targetType: "sensor", targetId: key, before, after });
    return after;
  });
}
