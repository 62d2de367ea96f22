import { groupAlertCandidates } from "../anomaly/alert-grouping/group-alert-candidates";
import type { AlertCandidate } from "../anomaly/evaluate-sensor-readings";
import { afterCommit } from "../audit/audit-scope";
import { inTransaction, type Db } from "../db";
import { publishEvent } from "../realtime/events";
import { groupToIncidentFields, incidentToGroup } from "./incident-mapping";

export interface SensorLabels {
  region?: string | null;
  infraType?: string | null;
  quantity?: string | null;
}

export interface WriteScanAlertsOptions {
  candidates: readonly AlertCandidate[];
  labels: ReadonlyMap<string, SensorLabels>;
}

/**
 * Upserts a scan's alerts and folds them into incidents in one transaction (pass the scan's
 * transaction to commit them with its watermark). Alert keys are deterministic, so re-processing
 * a window rewrites the same rows. New and escalated incidents go to the live channel after commit.
 */
export async function writeScanAlerts(db: Db, options: WriteScanAlertsOptions): Promise<{ alerts: number; opened: number; escalated: number }> {
  if (options.candidates.length === 0) return { alerts: 0, opened: 0, escalated: 0 };
  return inTransaction(db, async (tx) => {
    const knownRows = await tx.alert.findMany({ where: { key: { in: options.candidates.map((c) => c.key) } }, select: { key: true, incidentId: true } });
    const known = new Set(knownRows.map((a) => a.key));
    const incidentOfKnown = new Map(knownRows.map((a) => [a.key, a.incidentId]));
    const fresh = options.candidates.filter((c) => !known.has(c.key));
    const sensorKeys = [...new Set(fresh.map((c) => c.sensorKey))];
    const active = await tx.alertIncident.findMany({ where: { groupingKey: { in: sensorKeys }, status: { not: "resolved" } } });
    const grouped = groupAlertCandidates({ candidates: fresh, activeGroups: active.map((row) => incidentToGroup(row)) });

    for (const group of grouped.changed) {
      const labels = options.labels.get(group.groupingKey) ?? {};
      const fields = groupToIncidentFields(group);
      await tx.alertIncident.upsert({
        where: { id: group.id },
        create: { id: group.id, groupingKey: group.groupingKey, sensorKey: group.groupingKey, region: labels.region, infraType: labels.infraType, quantity: labels.quantity, ...fields },
        update: fields,
      });
    }
    for (const c of options.candidates) {
      const incidentId = grouped.assignments.get(c.key);
      const data = {
        severity: c.severity,
        score: c.score,
        observed: c.observed,
        expectedLow: c.expected.low,
        expectedHigh: c.expected.high,
        expectedCenter: c.expected.center,
        message: c.message,
        at: new Date(c.time),
        evidenceFrom: new Date(c.evidence.from),
        evidenceTo: new Date(c.evidence.to),
      };
      if (incidentId) {
        await tx.alert.upsert({
          where: { key: c.key },
          create: { key: c.key, incidentId, sensorKey: c.sensorKey, detector: c.detector, bucketStart: new Date(c.bucketStart), ...data },
          update: data,
        });
      } else if (known.has(c.key)) {
        await tx.alert.update({ where: { key: c.key }, data });
        // A condition still going on (a silence, a stuck run: re-sent under its key) keeps its open incident seen.
        const incidentId = incidentOfKnown.get(c.key);
        if (incidentId) await tx.alertIncident.updateMany({ where: { id: incidentId, status: { not: "resolved" }, lastSeenAt: { lt: data.at } }, data: { lastSeenAt: data.at } });
      }
    }

    const byId = new Map(grouped.changed.map((g) => [g.id, g]));
    const announce = grouped.events.filter((e) => e.type === "opened" || e.type === "escalated");
    await afterCommit(() =>
      Promise.all(
        announce.map((e) => {
          const group = byId.get(e.groupId)!;
          const first = fresh.find((c) => grouped.assignments.get(c.key) === group.id);
          return publishEvent("alerts", "alert:new", {
            id: group.id,
            severity: group.severity,
            title: first?.message ?? `${group.detectors.join(", ")} on ${group.groupingKey}`,
            sensorKey: group.groupingKey,
            at: new Date(group.lastSeenAt).toISOString(),
            writtenAt: Date.now(),
          });
        }),
      ),
    );
    return { alerts: options.candidates.length, opened: grouped.events.filter((e) => e.type === "opened").length, escalated: grouped.events.filter((e) => e.type === "escalated").length };
  });
}
