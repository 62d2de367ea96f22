import type { InfluxClient } from "../influx/influx-client";
import { durationLiteral, quoteIdentifier, timeLiteral } from "./influxql";
import { queryReadings } from "./query-readings";
import { READING_FIELD, READING_MEASUREMENT, readingTags } from "./readings-schema";
import { inChunks, sensorFilter } from "./sensor-filter";

export interface AggregateReadingsOptions {
  sensorKeys: readonly string[];
  /** Exclusive, epoch ms. */
  from: number;
  /** Inclusive, epoch ms. */
  to: number;
  /** Buckets of this width (GROUP BY time); one row per sensor over the whole window when absent. */
  bucketMs?: number;
}

/** The statistics of a set of readings, as InfluxQL computes them. */
export interface ReadingStatistics {
  count: number;
  min: number | null;
  mean: number | null;
  max: number | null;
  /** Sample standard deviation (n − 1), as InfluxQL's stddev(). */
  stddev: number | null;
  /** Nearest rank, as InfluxQL's percentile(). */
  p95: number | null;
}

export interface ReadingAggregate extends ReadingStatistics {
  /** Bucket start (or the window start), epoch ms. */
  time: number;
}

const statistics = ["count", "min", "mean", "max", "stddev", "p95"] as const;

/** Raw-value statistics per sensor (and per bucket), computed inside InfluxDB in one query per chunk of sensors. */
export async function aggregateReadings(client: InfluxClient, options: AggregateReadingsOptions): Promise<Map<string, ReadingAggregate[]>> {
  const field = quoteIdentifier(READING_FIELD);
  const select = statistics.map((s) => `${s === "p95" ? `percentile(${field}, 95)` : `${s}(${field})`} AS ${quoteIdentifier(s)}`).join(", ");
  const groupBy = [quoteIdentifier(readingTags.sensor), ...(options.bucketMs ? [`time(${durationLiteral(Math.trunc(options.bucketMs), "ms")})`] : [])].join(
    ", ",
  );
  const out = new Map<string, ReadingAggregate[]>();
  for (const chunk of inChunks([...new Set(options.sensorKeys)])) {
    const q =
      `SELECT ${select} FROM ${quoteIdentifier(READING_MEASUREMENT)}` +
      ` WHERE ${sensorFilter(chunk)} AND time > ${timeLiteral(options.from)} AND time <= ${timeLiteral(options.to)}` +
      ` GROUP BY ${groupBy} fill(none)`;
    const [seriesBySensor] = await queryReadings(client, [q]);
    for (const series of seriesBySensor) {
      const index = Object.fromEntries(series.columns.map((c, i) => [c, i]));
      const rows = series.values.map((v) => {
        const num = (name: string) => (typeof v[index[name]] === "number" ? (v[index[name]] as number) : null);
        return {
          time: v[index.time] as number,
          count: num("count") ?? 0,
          min: num("min"),
          mean: num("mean"),
          max: num("max"),
          stddev: num("stddev"),
          p95: num("p95"),
        };
      });
      out.set(series.sensorKey, rows);
    }
  }
  return out;
}
