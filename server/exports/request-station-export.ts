import { recordChange } from "../audit/audit-scope";
import { inTransaction, type Db } from "../db";
import { env } from "../env";
import { DomainError, notFound } from "../errors";
import { checkExportLimits } from "./check-export-limits";
import { queueExportRun } from "./export-run-state";
import { requestStationExportInput } from "./station-export-schemas";

export interface RequestStationExportOptions {
  params: unknown;
  requestedBy: string;
}

/**
 * Records a station export (same limits as readings exports: at once, per day) and queues the worker
 * job that writes its file, on the heavy lane. Any viewer may export any station they can open.
 */
export async function requestStationExport(client: Db, options: RequestStationExportOptions) {
  return inTransaction(client, async (db) => {
    const params = requestStationExportInput.parse(options.params);
    const config = env();
    await checkExportLimits(db, {
      requestedBy: options.requestedBy,
      maxActive: config.READINGS_EXPORT_MAX_ACTIVE_PER_USER,
      maxPerDay: config.READINGS_EXPORT_MAX_PER_USER_PER_DAY,
    });
    const station = await db.station.findUnique({ where: { id: params.stationId }, select: { id: true, _count: { select: { points: true } } } });
    if (!station) throw notFound("Station");
    if (station._count.points === 0)
      throw new DomainError("INVALID", "This station has no measurement points yet: import a logger file first.", { field: "stationId" });
    const stored = { ...params, from: params.from.toISOString(), to: params.to.toISOString() };
    const created = await db.readingsExport.create({
      data: { requestedBy: options.requestedBy, kind: "station", stationId: station.id, params: stored },
      select: { id: true },
    });
    const queued = await queueExportRun(db, {
      exportId: created.id,
      kind: "station-export",
      requestedBy: options.requestedBy,
      jobName: `station export ${created.id}`,
    });
    recordChange({ targetType: "readingsExport", targetId: created.id, after: { kind: "station", params: stored, runId: queued.runId } });
    return queued;
  });
}
