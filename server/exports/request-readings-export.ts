import { recordChange } from "../audit/audit-scope";
import { inTransaction, type Db } from "../db";
import { env } from "../env";
import { DomainError } from "../errors";
import { checkExportLimits } from "./check-export-limits";
import { queueExportRun } from "./export-run-state";
import { findExportSensors } from "./find-export-sensors";
import { requestReadingsExportInput } from "./schemas";

export interface RequestReadingsExportOptions {
  params: unknown;
  requestedBy: string;
}

/**
 * Checks the user's limits (exports at once, per day) and that the sensor set is not empty, records the
 * export and queues the worker job that builds its zip (on the heavy lane, see server/catalog/job-kinds.ts).
 */
export async function requestReadingsExport(client: Db, options: RequestReadingsExportOptions) {
  return inTransaction(client, (db) => request(db, options));
}

async function request(db: Db, options: RequestReadingsExportOptions) {
  const params = requestReadingsExportInput.parse(options.params);
  const config = env();
  await checkExportLimits(db, {
    requestedBy: options.requestedBy,
    maxActive: config.READINGS_EXPORT_MAX_ACTIVE_PER_USER,
    maxPerDay: config.READINGS_EXPORT_MAX_PER_USER_PER_DAY,
  });
  const sensors = await findExportSensors(db, params);
  if (sensors.length === 0) throw new DomainError("INVALID", "No sensor matches this selection.", { field: "sensorKeys" });
  const stored = { ...params, from: params.from.toISOString(), to: params.to.toISOString() };
  const created = await db.readingsExport.create({ data: { requestedBy: options.requestedBy, params: stored }, select: { id: true } });
  const queued = await queueExportRun(db, {
    exportId: created.id,
    kind: "readings-export",
    requestedBy: options.requestedBy,
    jobName: `readings export ${created.id}`,
  });
  recordChange({ targetType: "readingsExport", targetId: created.id, after: { params: stored, runId: queued.runId, sensors: sensors.length } });
  return queued;
}
