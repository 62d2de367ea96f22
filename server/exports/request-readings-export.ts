import { recordChange } from "../audit/audit-scope";
import type { Db } from "../db";
import { DomainError } from "../errors";
import { enqueueRun } from "../runs/enqueue-run";
import { findExportSensors } from "./find-export-sensors";
import { readingsExportSelect } from "./readings-export-select";
import { requestReadingsExportInput } from "./schemas";

export interface RequestReadingsExportOptions {
  params: unknown;
  requestedBy: string;
}

/** Checks the sensor set is not empty, records the export and queues the worker job that builds its zip. */
export async function requestReadingsExport(db: Db, options: RequestReadingsExportOptions) {
  const params = requestReadingsExportInput.parse(options.params);
  const sensors = await findExportSensors(db, params);
  if (sensors.length === 0) throw new DomainError("INVALID", "No sensor matches this selection.", { field: "sensorKeys" });
  const stored = { ...params, from: params.from.toISOString(), to: params.to.toISOString() };
  const created = await db.readingsExport.create({ data: { requestedBy: options.requestedBy, params: stored }, select: { id: true } });
  const run = await enqueueRun(db, {
    kind: "readings-export",
    params: { exportId: created.id },
    priority: "P2",
    complexity: "moderate",
    timeoutMs: 60 * 60_000,
    // A too-large or empty export fails the same way again; the user narrows it instead.
    maxAttempts: 1,
    trigger: "manual",
    triggeredBy: options.requestedBy,
    jobName: `readings export ${created.id}`,
  });
  const queued = await db.readingsExport.update({ where: { id: created.id }, data: { runId: run.id }, select: readingsExportSelect });
  recordChange({ targetType: "readingsExport", targetId: created.id, after: { params: stored, runId: run.id, sensors: sensors.length } });
  return queued;
}
