import { profileFor } from "../anomaly/resolve-detectors";
import { anomalyConfigSchema, type AnomalyConfig } from "../anomaly/schemas";
import type { Db } from "../db";
import type { IncidentLabel } from "./schemas";

export interface LabelledIncident {
  sensorKey: string;
  quantity: string | null;
  detectors: string[];
  label: IncidentLabel;
  labelDetectorVersion: string | null;
}

export interface LabelPrecision {
  real: number;
  notAnomaly: number;
  /** real / (real + not an anomaly): how often staff agreed an incident was worth raising. */
  precision: number | null;
}

export interface LabelEvaluation {
  labelled: number;
  overall: LabelPrecision;
  byDetector: Record<string, LabelPrecision>;
  byProfile: Record<string, LabelPrecision>;
  byDetectorVersion: Record<string, LabelPrecision>;
}

const empty = (): LabelPrecision => ({ real: 0, notAnomaly: 0, precision: null });

/**
 * The third benchmark: the fleet's own labelled incidents. An incident counts for every detector that
 * raised an alert in it, and for the profile its sensor runs under `config` (the default: the scan's).
 */
export function evaluateLabelledIncidents(incidents: readonly LabelledIncident[], config: AnomalyConfig = anomalyConfigSchema.parse({})): LabelEvaluation {
  const result: LabelEvaluation = { labelled: incidents.length, overall: empty(), byDetector: {}, byProfile: {}, byDetectorVersion: {} };
  const count = (p: LabelPrecision, label: IncidentLabel) => {
    if (label === "real") p.real++;
    else p.notAnomaly++;
  };
  for (const incident of incidents) {
    const profile = profileFor(config, { sensorKey: incident.sensorKey, quantity: incident.quantity ?? undefined });
    const buckets = [
      result.overall,
      ...incident.detectors.map((d) => (result.byDetector[d] ??= empty())),
      (result.byProfile[profile] ??= empty()),
      (result.byDetectorVersion[incident.labelDetectorVersion ?? "unknown"] ??= empty()),
    ];
    for (const p of buckets) count(p, incident.label);
  }
  const all = [result.overall, ...Object.values(result.byDetector), ...Object.values(result.byProfile), ...Object.values(result.byDetectorVersion)];
  for (const p of all) p.precision = p.real + p.notAnomaly > 0 ? Math.round((p.real / (p.real + p.notAnomaly)) * 1000) / 1000 : null;
  return result;
}

/** Reads every labelled incident (bounded) and evaluates them. */
export async function evaluateLabelledIncidentsIn(db: Db, options: { limit?: number } = {}): Promise<LabelEvaluation> {
  const rows = await db.alertIncident.findMany({
    where: { label: { not: null } },
    orderBy: { labelledAt: "desc" },
    take: options.limit ?? 100_000,
    select: { sensorKey: true, quantity: true, detectors: true, label: true, labelDetectorVersion: true },
  });
  return evaluateLabelledIncidents(rows.map((r) => ({ ...r, label: r.label as IncidentLabel })));
}
