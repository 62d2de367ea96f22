import type { InfluxClient } from "../influx/influx-client";
import type { SensorPoint } from "../ingest/write-sensor-points";
import { quoteIdentifier, timeLiteral } from "../readings/influxql";
import { queryReadings } from "../readings/query-readings";
import { READING_FIELD, READING_MEASUREMENT, readingTags } from "../readings/readings-schema";
import { inChunks, sensorFilter } from "../readings/sensor-filter";

export type CrossFileConflict = {
  sensorKey: string;
  at: number;
  stored: number;
  offered: number;
};

/**
 * Splits a batch of a file's points into those that add or repeat what is stored and those that
 * would replace a stored reading of the same point and time with another value (an earlier file's):
 * one read of the batch's sensors over its time span.
 */
export async function splitCrossFileConflicts(
  client: InfluxClient,
  batch: readonly SensorPoint[],
): Promise<{ keep: SensorPoint[]; conflicts: CrossFileConflict[] }> {
  if (batch.length === 0) return { keep: [], conflicts: [] };
  let min = batch[0].timeNs;
  let max = batch[0].timeNs;
  for (const p of batch) {
    if (p.timeNs < min) min = p.timeNs;
    if (p.timeNs > max) max = p.timeNs;
  }
  const from = Number(min / 1_000_000n);
  const to = Number(max / 1_000_000n);
  const stored = new Map<string, number>();
  const keys = [...new Set(batch.map((p) => p.sensor.key))];
  const statements = inChunks(keys).map(
    (chunk) =>
      `SELECT ${quoteIdentifier(READING_FIELD)} FROM ${quoteIdentifier(READING_MEASUREMENT)} WHERE ${sensorFilter(chunk)} AND time >= ${timeLiteral(from)} AND time <= ${timeLiteral(to)} GROUP BY ${quoteIdentifier(readingTags.sensor)}`,
  );
  for (const seriesList of await queryReadings(client, statements, { missingDatabaseIsEmpty: true })) {
    for (const series of seriesList) {
      const t = series.columns.indexOf("time");
      const v = series.columns.indexOf(READING_FIELD);
      for (const row of series.values) stored.set(`${series.sensorKey}\u0000${row[t] as number}`, row[v] as number);
    }
  }
  if (stored.size === 0) return { keep: [...batch], conflicts: [] };
  const keep: SensorPoint[] = [];
  const conflicts: CrossFileConflict[] = [];
  for (const p of batch) {
    const at = Number(p.timeNs / 1_000_000n);
    const was = stored.get(`${p.sensor.key}\u0000${at}`);
    if (was !== undefined && was !== p.value) conflicts.push({ sensorKey: p.sensor.key, at, stored: was, offered: p.value });
    else keep.push(p);
  }
  return { keep, conflicts };
}
