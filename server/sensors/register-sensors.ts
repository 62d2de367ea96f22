import type { z } from "zod";
import type { Db } from "../db";
import { createSensorInput } from "./schemas";

/** Registers many sensors at once (simulator, bulk set-up); sensors already registered keep their settings. */
export async function registerSensors(db: Db, options: { sensors: ReadonlyArray<z.input<typeof createSensorInput>> }): Promise<{ created: number }> {
  const data = options.sensors.map((s) => createSensorInput.parse(s));
  let created = 0;
  for (let i = 0; i < data.length; i += 1_000) {
    created += (await db.sensor.createMany({ data: data.slice(i, i + 1_000), skipDuplicates: true })).count;
  }
  return { created };
}
