import type { Db } from "../db";
import type { ReadingsExportParams } from "./schemas";

/** The sensors an export covers (every given criterion must hold), grouped by quantity then key: the order of the zip. */
export async function findExportSensors(db: Db, params: Pick<ReadingsExportParams, "infraType" | "region" | "sensorKeys">) {
  return db.sensor.findMany({
    where: {
      ...(params.infraType ? { infraType: params.infraType } : {}),
      ...(params.region ? { region: params.region } : {}),
      ...(params.sensorKeys?.length ? { key: { in: params.sensorKeys } } : {}),
    },
    select: { key: true, quantity: true, unit: true, intervalSeconds: true },
    orderBy: [{ quantity: "asc" }, { key: "asc" }],
  });
}
