import type { Db } from "../db";
import { importSummarySelect } from "./create-sensor-import";

/** The newest imports with their counts and state; never the stored file. */
export async function listSensorImports(db: Db, options: { limit?: number } = {}) {
  return db.sensorImport.findMany({ orderBy: { createdAt: "desc" }, take: options.limit ?? 100, select: importSummarySelect });
}
