import type { z } from "zod";
import { recordChange } from "../audit/audit-scope";
import type { Db } from "../db";
import { DomainError, isUniqueViolation } from "../errors";
import { createSensorInput } from "./schemas";

export async function createSensor(db: Db, options: z.input<typeof createSensorInput>) {
  const fields = createSensorInput.parse(options);
  try {
    const sensor = await db.sensor.create({ data: fields });
    recordChange({ targetType: "sensor", targetId: sensor.key, after: sensor });
    return sensor;
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError("CONFLICT", `A sensor with key "${fields.key}" already exists.`, { field: "key" });
    throw err;
  }
}
