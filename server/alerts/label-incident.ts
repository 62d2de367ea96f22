import { detectorVersion } from "../anomaly/detector-version";
import { afterCommit, recordChange } from "../audit/audit-scope";
import { inTransaction, type Db } from "../db";
import { notFound } from "../errors";
import { publishEvent } from "../realtime/events";
import type { IncidentLabel } from "./schemas";

/** Marks an incident "real" or "not an anomaly" (null clears it), with who, when and the detectors' version; audited. */
export async function labelIncident(db: Db, options: { id: string; label: IncidentLabel | null; by: string; now?: Date }) {
  return inTransaction(db, async (tx) => {
    const row = await tx.alertIncident.findUnique({ where: { id: options.id } });
    if (!row) throw notFound("Alert");
    const labelled = options.label !== null;
    const updated = await tx.alertIncident.update({
      where: { id: row.id },
      data: {
        label: options.label,
        labelledBy: labelled ? options.by : null,
        labelledAt: labelled ? (options.now ?? new Date()) : null,
        labelDetectorVersion: labelled ? detectorVersion : null,
      },
    });
    recordChange({
      targetType: "alertIncident",
      targetId: row.id,
      before: { label: row.label },
      after: { label: updated.label, detectorVersion: updated.labelDetectorVersion },
    });
    await afterCommit(() => publishEvent("alerts", "alert:status", { id: row.id, status: updated.status }));
    return updated;
  });
}
