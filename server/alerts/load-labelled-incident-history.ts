import type { Reading } from "../anomaly/detectors/detector";
import type { LabelledSpan } from "../anomaly/labels/score-config-on-labels";
import type { Db } from "../db";
import type { InfluxClient } from "../influx/influx-client";
import { readSensorReadings } from "../readings/read-sensor-readings";
import { incidentLabel } from "./schemas";

export interface LabelledIncidentHistory {
  incidents: LabelledSpan[];
  /** Each labelled sensor's calibrated readings, from `historyMs` before its first labelled incident. */
  readings: Map<string, Reading[]>;
  /** The labelled sensors' valid ranges (the scan turns them into threshold limits). */
  sensors: { key: string; quantity: string; validMin: number | null; validMax: number | null }[];
}

/**
 * What the labelled-incidents benchmark needs: the newest `limit` labelled incidents and, per sensor,
 * its readings from `historyMs` before its first labelled incident to `toleranceMs` after its last,
 * read as the scan reads them (calibrated, flagged ranges left out).
 */
export async function loadLabelledIncidentHistory(
  db: Db,
  options: { limit: number; historyMs: number; toleranceMs: number; client?: InfluxClient },
): Promise<LabelledIncidentHistory> {
  const rows = await db.alertIncident.findMany({
    where: { label: { not: null } },
    orderBy: { labelledAt: "desc" },
    take: options.limit,
    select: { id: true, sensorKey: true, quantity: true, label: true, labelDetectorVersion: true, openedAt: true, lastSeenAt: true },
  });
  const incidents: LabelledSpan[] = [];
  for (const r of rows) {
    const label = incidentLabel.safeParse(r.label);
    // A label this code does not know is left out rather than guessed at.
    if (!label.success) continue;
    incidents.push({
      id: r.id,
      sensorKey: r.sensorKey,
      quantity: r.quantity,
      label: label.data,
      labelDetectorVersion: r.labelDetectorVersion,
      openedAt: r.openedAt.getTime(),
      lastSeenAt: r.lastSeenAt.getTime(),
    });
  }
  const spans = new Map<string, { from: number; to: number }>();
  for (const i of incidents) {
    const span = spans.get(i.sensorKey);
    spans.set(i.sensorKey, {
      from: Math.min(span?.from ?? Infinity, i.openedAt - options.historyMs),
      to: Math.max(span?.to ?? -Infinity, i.lastSeenAt + options.toleranceMs),
    });
  }
  const readings = new Map<string, Reading[]>();
  // One sensor at a time, each over its own span: labels may lie months apart.
  for (const [sensorKey, span] of spans) {
    const read = await readSensorReadings(db, { sensorKeys: [sensorKey], from: span.from, to: span.to, client: options.client });
    readings.set(sensorKey, read.get(sensorKey) ?? []);
  }
  const sensors = await db.sensor.findMany({
    where: { key: { in: [...spans.keys()] } },
    select: { key: true, quantity: true, validMin: true, validMax: true },
  });
  return { incidents, readings, sensors };
}
