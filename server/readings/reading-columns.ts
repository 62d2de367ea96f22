/**
 * A batch of readings as columns: the distinct sensor keys once, and per reading the index of its
 * key, its time and its value. A large write (100,000 readings) then moves between threads as a
 * few typed arrays and is walked without an object per reading, which kept the web process's
 * event loop and garbage collector busy.
 */
export interface ReadingColumns {
  keys: string[];
  keyIndex: Uint32Array;
  /** Nanoseconds since the epoch, exact (device timestamps keep their precision). */
  timesNs: BigInt64Array;
  /** The same times in whole milliseconds (truncated), for buckets, alerts and last readings. */
  timesMs: Float64Array;
  values: Float64Array;
}

export interface ColumnReading {
  key: string;
  timeNs: bigint;
  value: number;
}

export function readingColumnsOf(readings: readonly ColumnReading[]): ReadingColumns {
  const indexOf = new Map<string, number>();
  const keys: string[] = [];
  const n = readings.length;
  const columns: ReadingColumns = {
    keys,
    keyIndex: new Uint32Array(n),
    timesNs: new BigInt64Array(n),
    timesMs: new Float64Array(n),
    values: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const r = readings[i];
    let k = indexOf.get(r.key);
    if (k === undefined) {
      k = keys.length;
      indexOf.set(r.key, k);
      keys.push(r.key);
    }
    columns.keyIndex[i] = k;
    columns.timesNs[i] = r.timeNs;
    columns.timesMs[i] = Number(r.timeNs / 1_000_000n);
    columns.values[i] = r.value;
  }
  return columns;
}

/** Each sensor's newest reading in the batch (the later one wins a tie, as it overwrites in InfluxDB). */
export function latestPerKey(columns: ReadingColumns): Array<{ key: string; at: Date; value: number }> {
  const newest = new Int32Array(columns.keys.length).fill(-1);
  for (let i = 0; i < columns.keyIndex.length; i++) {
    const k = columns.keyIndex[i];
    if (newest[k] === -1 || columns.timesNs[i] >= columns.timesNs[newest[k]]) newest[k] = i;
  }
  return columns.keys.flatMap((key, k) => (newest[k] === -1 ? [] : [{ key, at: new Date(columns.timesMs[newest[k]]), value: columns.values[newest[k]] }]));
}
