import { groupAlertCandidates } from "../anomaly/alert-grouping/group-alert-candidates";
import type { AlertCandidate } from "../anomaly/evaluate-sensor-readings";
import { afterCommit } from "../audit/audit-scope";
import { inTransaction, type Db, type Tx } from "../db";
import { emitDomainEvents } from "../domain-events/emit-domain-event";
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

    const incidents = grouped.changed.map((group): IncidentRow => {
      const labels = options.labels.get(group.groupingKey) ?? {};
      return {
        id: group.id,
        groupingKey: group.groupingKey,
        sensorKey: group.groupingKey,
        region: labels.region ?? null,
        infraType: labels.infraType ?? null,
        quantity: labels.quantity ?? null,
        ...groupToIncidentFields(group),
      };
    });
    await upsertIncidents(tx, incidents);
    // The grouping knows which incidents are new: triggers hear of them in this transaction, or not at all.
    const openedIds = new Set(grouped.events.filter((e) => e.type === "opened").map((e) => e.groupId));
    await emitDomainEvents(
      tx,
      incidents
        .filter((row) => openedIds.has(row.id))
        .map((row) => ({
          kind: "incident.opened" as const,
          dedupeKey: `incident.opened:${row.id}`,
          payload: {
            incidentId: row.id,
            sensorKey: row.sensorKey,
            region: row.region,
            infraType: row.infraType,
            quantity: row.quantity,
            severity: row.severity,
            detectors: row.detectors,
            openedAt: row.openedAt.toISOString(),
          },
        })),
    );
    // By key: a condition re-sent under its key within one batch is written once, as its last sending.
    const assigned = new Map<string, AlertRow>();
    const stillGoingOn = new Map<string, Date>();
    for (const c of options.candidates) {
      const incidentId = grouped.assignments.get(c.key) ?? incidentOfKnown.get(c.key);
      if (!incidentId) continue;
      const data = alertFields(c);
      assigned.set(c.key, { key: c.key, incidentId, sensorKey: c.sensorKey, detector: c.detector, bucketStart: new Date(c.bucketStart), ...data });
      if (known.has(c.key)) stillGoingOn.set(incidentId, data.at);
    }
    await upsertAlerts(tx, [...assigned.values()]);
    // A condition still going on (a silence, a stuck run: re-sent under its key) keeps its open incident seen.
    for (const [id, at] of stillGoingOn)
      await tx.alertIncident.updateMany({ where: { id, status: { not: "resolved" }, lastSeenAt: { lt: at } }, data: { lastSeenAt: at } });

    const byId = new Map(grouped.changed.map((g) => [g.id, g]));
    // Opened and escalated in one write (a spike and a novelty alert on one reading) is one announcement: the payload is
    // the incident's state after the write, so a second one repeated it word for word (seen in the redis-cluster drill).
    const announce = [...new Map(grouped.events.filter((e) => e.type === "opened" || e.type === "escalated").map((e) => [e.groupId, e])).values()];
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
    return {
      alerts: options.candidates.length,
      opened: grouped.events.filter((e) => e.type === "opened").length,
      escalated: grouped.events.filter((e) => e.type === "escalated").length,
    };
  });
}

function alertFields(c: AlertCandidate) {
  return {
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
}

/**
 * Rows as JSON with every number as its shortest exact text: PostgreSQL parses that text as a double
 * exactly (a JSON number goes through numeric and may lose the last digit), and ±Infinity and NaN,
 * which JSON has no numbers for, arrive too.
 */
const asJson = (rows: object[]) => JSON.stringify(rows, (_key, value: unknown) => (typeof value === "number" ? String(value) : value));

type IncidentRow = {
  id: string;
  groupingKey: string;
  sensorKey: string;
  region: string | null;
  infraType: string | null;
  quantity: string | null;
} & ReturnType<typeof groupToIncidentFields>;
type AlertRow = { key: string; incidentId: string; sensorKey: string; detector: string; bucketStart: Date } & ReturnType<typeof alertFields>;

/*
 * One statement per table, whatever the number of rows: a scan that raises 20 alerts made 40 round
 * trips (and 40 Prisma query compilations) inside its transaction. The rows travel as one JSON
 * parameter; timestamps are ISO strings in UTC, which a `timestamp` column keeps as written, as Prisma does.
 */
async function upsertIncidents(tx: Tx, rows: IncidentRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO "AlertIncident" (id, "groupingKey", "sensorKey", region, "infraType", quantity, status, severity, detectors, "openedAt", "lastSeenAt", "acknowledgedAt", "acknowledgedBy", "resolvedAt", "resolvedBy", resolution)
    SELECT id, "groupingKey", "sensorKey", region, "infraType", quantity, status, severity, detectors, "openedAt", "lastSeenAt", "acknowledgedAt", "acknowledgedBy", "resolvedAt", "resolvedBy", resolution
    FROM jsonb_to_recordset(${asJson(rows)}::jsonb) AS r(id text, "groupingKey" text, "sensorKey" text, region text, "infraType" text, quantity text, status text, severity text, detectors text[],
      "openedAt" timestamp(3), "lastSeenAt" timestamp(3), "acknowledgedAt" timestamp(3), "acknowledgedBy" text, "resolvedAt" timestamp(3), "resolvedBy" text, resolution text)
    ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, severity = EXCLUDED.severity, detectors = EXCLUDED.detectors, "openedAt" = EXCLUDED."openedAt", "lastSeenAt" = EXCLUDED."lastSeenAt",
      "acknowledgedAt" = EXCLUDED."acknowledgedAt", "acknowledgedBy" = EXCLUDED."acknowledgedBy", "resolvedAt" = EXCLUDED."resolvedAt", "resolvedBy" = EXCLUDED."resolvedBy", resolution = EXCLUDED.resolution`;
}

async function upsertAlerts(tx: Tx, rows: AlertRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO "Alert" (key, "incidentId", "sensorKey", detector, "bucketStart", severity, score, observed, "expectedLow", "expectedHigh", "expectedCenter", message, at, "evidenceFrom", "evidenceTo")
    SELECT key, "incidentId", "sensorKey", detector, "bucketStart", severity, score, observed, "expectedLow", "expectedHigh", "expectedCenter", message, at, "evidenceFrom", "evidenceTo"
    FROM jsonb_to_recordset(${asJson(rows)}::jsonb) AS r(key text, "incidentId" text, "sensorKey" text, detector text, "bucketStart" timestamp(3), severity text, score double precision,
      observed double precision, "expectedLow" double precision, "expectedHigh" double precision, "expectedCenter" double precision, message text, at timestamp(3), "evidenceFrom" timestamp(3), "evidenceTo" timestamp(3))
    ON CONFLICT (key) DO UPDATE SET severity = EXCLUDED.severity, score = EXCLUDED.score, observed = EXCLUDED.observed, "expectedLow" = EXCLUDED."expectedLow", "expectedHigh" = EXCLUDED."expectedHigh",
      "expectedCenter" = EXCLUDED."expectedCenter", message = EXCLUDED.message, at = EXCLUDED.at, "evidenceFrom" = EXCLUDED."evidenceFrom", "evidenceTo" = EXCLUDED."evidenceTo"`;
}
