import type { Db } from "../db";
import type { ReadingColumns } from "../readings/reading-columns";
import { bucketStartOf, COVERAGE_BUCKET_MS } from "./coverage-buckets";
import { markReadingsStale } from "./mark-readings-stale";

/**
 * markReadingsStale for a batch of points that may hold several stretches (a logger's backlog
 * from three days ago next to this hour's): one call per run of consecutive hours, with the
 * sensors seen in it, so the days between stay as they are.
 */
export async function markPointsStale(db: Db, options: { readings: ReadingColumns; reason: string }): Promise<{ buckets: number }> {
  const { keyIndex, timesMs, keys } = options.readings;
  const byHour = new Map<number, { keys: Set<string>; from: number; to: number }>();
  for (let i = 0; i < keyIndex.length; i++) {
    const time = timesMs[i];
    const hour = bucketStartOf(time);
    const seen = byHour.get(hour);
    if (seen) {
      seen.keys.add(keys[keyIndex[i]]);
      if (time < seen.from) seen.from = time;
      if (time > seen.to) seen.to = time;
    } else byHour.set(hour, { keys: new Set([keys[keyIndex[i]]]), from: time, to: time });
  }
  const hours = [...byHour.keys()].sort((a, b) => a - b);
  let buckets = 0;
  for (let i = 0; i < hours.length; ) {
    const run = { keys: new Set<string>(), from: Infinity, to: -Infinity };
    let j = i;
    for (; j < hours.length && (j === i || hours[j] === hours[j - 1] + COVERAGE_BUCKET_MS); j++) {
      const h = byHour.get(hours[j])!;
      for (const k of h.keys) run.keys.add(k);
      run.from = Math.min(run.from, h.from);
      run.to = Math.max(run.to, h.to);
    }
    buckets += (await markReadingsStale(db, { sensorKeys: [...run.keys], from: run.from, to: run.to, reason: options.reason })).buckets;
    i = j;
  }
  return { buckets };
}
