import type { InfluxClient } from "../influx/influx-client";
import { calibrateAggregates, type RawAggregates } from "./calibrate-aggregates";
import { combineFigures } from "./combine-figures";
import { quoteIdentifier, quoteString, timeLiteral } from "./influxql-quote";
import { planSensorSegments, type CalibrationChange, type SensorSegment, type TimeRange } from "./plan-sensor-segments";
import { emptyFigures, type Figures } from "./report-figures";
import { SILENT_AFTER_INTERVALS } from "./sensor-status-at";

/** The long shape every reading has in InfluxDB. */
export const READING_MEASUREMENT = "reading";
export const SENSOR_TAG = "sensor";
const VALUE = quoteIdentifier("value");
const FROM = `FROM ${quoteIdentifier(READING_MEASUREMENT)}`;
const BY_SENSOR = `GROUP BY ${quoteIdentifier(SENSOR_TAG)}`;
const AGGREGATES = [
  `count(${VALUE}) AS "count"`,
  `mean(${VALUE}) AS "mean"`,
  `min(${VALUE}) AS "min"`,
  `max(${VALUE}) AS "max"`,
  `stddev(${VALUE}) AS "stddev"`,
  `percentile(${VALUE}, 95) AS "p95"`,
].join(", ");
// p5 becomes the calibrated p95 under a negative slope; percentiles are the costly part, so only then.
const aggregatesFor = (segments: SensorSegment[]) => (segments.some((s) => s.slope < 0) ? `${AGGREGATES}, percentile(${VALUE}, 5) AS "p5"` : AGGREGATES);
const MAX_STATUS_LOOKBACK_MS = 86_400_000;

export interface WindowSensor {
  key: string;
  intervalSeconds: number;
  calibrations: readonly CalibrationChange[];
  flags: readonly TimeRange[];
}

export interface SensorWindowFigures {
  figures: Figures;
  lastReadingAt: number | null;
}

export interface WindowAggregates {
  perSensor: Map<string, SensorWindowFigures>;
  /** Every reading in the window, flagged or not, from any sensor: what the late-data check compares. */
  rawReadings: number;
}

type Statement = { text: string; kind: "total" } | { text: string; kind: "last" } | { text: string; kind: "aggregate"; range: string };

const rangeKey = (r: TimeRange) => `${r.from}-${r.to}`;
const timeClause = (r: TimeRange) => `time >= ${timeLiteral(r.from)} AND time < ${timeLiteral(r.to)}`;
const sensorClause = (keys: readonly string[]) => `(${keys.map((k) => `${quoteIdentifier(SENSOR_TAG)} = ${quoteString(k)}`).join(" OR ")})`;

function chunkStatements(window: TimeRange, plans: Map<string, SensorSegment[]>, keys: string[], filtered: boolean): Statement[] {
  const whole: string[] = [];
  const wholeSegments: SensorSegment[] = [];
  const byRange = new Map<string, { range: TimeRange; keys: string[]; segments: SensorSegment[] }>();
  for (const key of keys) {
    const segments = plans.get(key)!;
    if (segments.length === 1 && segments[0].from === window.from && segments[0].to === window.to) {
      whole.push(key);
      wholeSegments.push(segments[0]);
      continue;
    }
    for (const s of segments) {
      const entry = byRange.get(rangeKey(s)) ?? byRange.set(rangeKey(s), { range: s, keys: [], segments: [] }).get(rangeKey(s))!;
      entry.keys.push(key);
      entry.segments.push(s);
    }
  }
  const statements: Statement[] = [];
  if (whole.length) {
    const filter = filtered ? ` AND ${sensorClause(whole)}` : "";
    statements.push({ kind: "aggregate", range: rangeKey(window), text: `SELECT ${aggregatesFor(wholeSegments)} ${FROM} WHERE ${timeClause(window)}${filter} ${BY_SENSOR}` });
  }
  for (const { range, keys: rangeKeys, segments } of byRange.values()) {
    statements.push({ kind: "aggregate", range: rangeKey(range), text: `SELECT ${aggregatesFor(segments)} ${FROM} WHERE ${timeClause(range)} AND ${sensorClause(rangeKeys)} ${BY_SENSOR}` });
  }
  return statements;
}

function numberOrNull(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

/**
 * Figures of every sensor over one window, aggregated inside InfluxDB: one request per chunk of
 * sensors holding one GROUP BY sensor statement for the whole window, one per distinct
 * flag/calibration segment, the newest reading per sensor (for status) and the raw count.
 * Readings never travel to Node.
 */
export async function readWindowAggregates(influx: InfluxClient, options: { from: number; to: number; sensors: readonly WindowSensor[]; chunkSize?: number }): Promise<WindowAggregates> {
  const window = { from: options.from, to: options.to };
  const chunkSize = options.chunkSize ?? 2_000;
  const plans = new Map(options.sensors.map((s) => [s.key, planSensorSegments({ ...window, calibrations: s.calibrations, flags: s.flags })]));
  const lookback = Math.min(MAX_STATUS_LOOKBACK_MS, Math.max(0, ...options.sensors.map((s) => s.intervalSeconds * 1000 * SILENT_AFTER_INTERVALS)));
  const keys = options.sensors.map((s) => s.key);
  const filtered = keys.length > chunkSize;
  const aggregates = new Map<string, Map<string, RawAggregates>>();
  const lastAt = new Map<string, number>();
  let rawReadings = 0;

  for (let i = 0; i < Math.max(1, keys.length); i += chunkSize) {
    const chunk = keys.slice(i, i + chunkSize);
    const statements = chunkStatements(window, plans, chunk, filtered);
    const lastFilter = filtered ? ` AND ${sensorClause(chunk)}` : "";
    statements.push({ kind: "last", text: `SELECT last(${VALUE}) ${FROM} WHERE ${timeClause({ from: window.to - lookback, to: window.to })}${lastFilter} ${BY_SENSOR}` });
    if (i === 0) statements.push({ kind: "total", text: `SELECT count(${VALUE}) AS "count" ${FROM} WHERE ${timeClause(window)}` });
    const result = await influx.query(statements.map((s) => s.text).join("; "));
    for (const [index, statement] of statements.entries()) {
      const series = result.results?.find((r) => r.statement_id === index)?.series ?? [];
      for (const s of series) {
        const row = Object.fromEntries(s.columns.map((c, j) => [c, s.values[0]?.[j]]));
        const sensor = s.tags?.[SENSOR_TAG];
        if (statement.kind === "total") rawReadings = Number(row.count ?? 0);
        else if (statement.kind === "last" && sensor) lastAt.set(sensor, Number(row.time));
        else if (statement.kind === "aggregate" && sensor) {
          const byRange = aggregates.get(statement.range) ?? aggregates.set(statement.range, new Map()).get(statement.range)!;
          byRange.set(sensor, {
            count: Number(row.count ?? 0),
            mean: numberOrNull(row.mean),
            min: numberOrNull(row.min),
            max: numberOrNull(row.max),
            stddev: numberOrNull(row.stddev),
            p95: numberOrNull(row.p95),
            p5: row.p5 === undefined ? null : numberOrNull(row.p5),
          });
        }
      }
    }
  }

  const perSensor = new Map<string, SensorWindowFigures>();
  for (const sensor of options.sensors) {
    const parts = plans.get(sensor.key)!.map((segment) => {
      const raw = aggregates.get(rangeKey(segment))?.get(sensor.key);
      return raw ? calibrateAggregates(raw, segment) : emptyFigures;
    });
    perSensor.set(sensor.key, { figures: combineFigures(parts), lastReadingAt: lastAt.get(sensor.key) ?? null });
  }
  return { perSensor, rawReadings };
}
