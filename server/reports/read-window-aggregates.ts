import type { InfluxClient } from "../influx/influx-client";
import type { SensorCorrections } from "../readings/apply-sensor-corrections";
import { calibrateAggregates, reversesOrder, type RawAggregates } from "../readings/calibration";
import { quoteIdentifier, timeLiteral } from "../readings/influxql";
import { planSensorSegments, type SensorSegment, type TimeRange } from "../readings/plan-sensor-segments";
import { queryReadings } from "../readings/query-readings";
import { READING_FIELD, READING_MEASUREMENT, readingTags } from "../readings/readings-schema";
import { sensorFilter } from "../readings/sensor-filter";
import { combineFigures } from "./combine-figures";
import { emptyFigures, type Figures } from "./report-figures";
import { fixedLengthMs } from "./report-windows";
import { SILENT_AFTER_INTERVALS } from "./sensor-status-at";

const SENSOR_TAG = readingTags.sensor;
const W = fixedLengthMs["5m"];
const VALUE = quoteIdentifier(READING_FIELD);
const FROM = `FROM ${quoteIdentifier(READING_MEASUREMENT)}`;
const BY_SENSOR = `GROUP BY ${quoteIdentifier(SENSOR_TAG)}`;
const BY_WINDOW_AND_SENSOR = `GROUP BY time(5m), ${quoteIdentifier(SENSOR_TAG)} fill(none)`;
const AGGREGATES = [
  `count(${VALUE}) AS "count"`,
  `mean(${VALUE}) AS "mean"`,
  `min(${VALUE}) AS "min"`,
  `max(${VALUE}) AS "max"`,
  `stddev(${VALUE}) AS "stddev"`,
  `percentile(${VALUE}, 95) AS "p95"`,
].join(", ");
// p5 becomes the calibrated p95 under a negative slope; percentiles are the costly part, so only then.
const aggregatesFor = (segments: SensorSegment[]) => (segments.some(reversesOrder) ? `${AGGREGATES}, percentile(${VALUE}, 5) AS "p5"` : AGGREGATES);
const MAX_STATUS_LOOKBACK_MS = 86_400_000;

export interface WindowSensor extends SensorCorrections {
  key: string;
  intervalSeconds: number;
}

export interface SensorWindowFigures {
  figures: Figures;
  lastReadingAt: number | null;
}

export interface WindowAggregates {
  windowStart: number;
  perSensor: Map<string, SensorWindowFigures>;
  /** Every reading in the window, flagged or not, from any sensor: what the late-data check compares. */
  rawReadings: number;
}

type Statement =
  | { kind: "total"; text: string }
  | { kind: "last"; text: string; window: number }
  | { kind: "windows"; text: string }
  | { kind: "segment"; text: string; range: string };

const rangeKey = (r: TimeRange) => `${r.from}-${r.to}`;
const timeClause = (r: TimeRange) => `time >= ${timeLiteral(r.from)} AND time < ${timeLiteral(r.to)}`;
const isWhole = (segments: SensorSegment[], windowStart: number) =>
  segments.length === 1 && segments[0].from === windowStart && segments[0].to === windowStart + W;

function numberOrNull(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

function rawAggregates(row: Record<string, unknown>): RawAggregates {
  return {
    count: Number(row.count ?? 0),
    mean: numberOrNull(row.mean),
    min: numberOrNull(row.min),
    max: numberOrNull(row.max),
    stddev: numberOrNull(row.stddev),
    p95: numberOrNull(row.p95),
    p5: row.p5 === undefined ? null : numberOrNull(row.p5),
  };
}

/** Statements for one chunk of sensors over consecutive windows. */
function chunkStatements(windows: number[], plans: Map<string, SensorSegment[][]>, keys: string[], filtered: boolean, lookback: number): Statement[] {
  const span = { from: windows[0], to: windows[windows.length - 1] + W };
  const whole = new Set<string>();
  const wholeSegments: SensorSegment[] = [];
  const byRange = new Map<string, { range: TimeRange; keys: string[]; segments: SensorSegment[] }>();
  for (const key of keys) {
    for (const [i, segments] of plans.get(key)!.entries()) {
      if (isWhole(segments, windows[i])) {
        whole.add(key);
        wholeSegments.push(segments[0]);
        continue;
      }
      for (const s of segments) {
        const entry = byRange.get(rangeKey(s)) ?? byRange.set(rangeKey(s), { range: s, keys: [], segments: [] }).get(rangeKey(s))!;
        entry.keys.push(key);
        entry.segments.push(s);
      }
    }
  }
  const statements: Statement[] = [];
  if (whole.size) {
    const filter = filtered ? ` AND ${sensorFilter([...whole])}` : "";
    statements.push({ kind: "windows", text: `SELECT ${aggregatesFor(wholeSegments)} ${FROM} WHERE ${timeClause(span)}${filter} ${BY_WINDOW_AND_SENSOR}` });
  }
  for (const { range, keys: rangeKeys, segments } of byRange.values()) {
    statements.push({
      kind: "segment",
      range: rangeKey(range),
      text: `SELECT ${aggregatesFor(segments)} ${FROM} WHERE ${timeClause(range)} AND ${sensorFilter(rangeKeys)} ${BY_SENSOR}`,
    });
  }
  // The newest reading before each window's end, with its real time (GROUP BY time would give the bucket's).
  const lastFilter = filtered ? ` AND ${sensorFilter(keys)}` : "";
  for (const windowStart of windows) {
    const end = windowStart + W;
    statements.push({
      kind: "last",
      window: windowStart,
      text: `SELECT last(${VALUE}) ${FROM} WHERE ${timeClause({ from: end - lookback, to: end })}${lastFilter} ${BY_SENSOR}`,
    });
  }
  return statements;
}

/**
 * Figures of every sensor over consecutive 5-minute windows, aggregated inside InfluxDB, readings
 * never travel to Node: per chunk of sensors one request holding one GROUP BY time(5m), sensor
 * statement for all windows, one statement per distinct flag/calibration segment, the newest
 * reading per sensor before each window's end (status), and the raw count per window.
 */
export async function readWindowAggregates(
  influx: InfluxClient,
  options: { windowStarts: readonly number[]; sensors: readonly WindowSensor[]; chunkSize?: number },
): Promise<WindowAggregates[]> {
  const windows = [...options.windowStarts];
  windows.forEach((w, i) => {
    if (w % W !== 0 || (i > 0 && w !== windows[i - 1] + W)) throw new Error("windows must be consecutive 5-minute windows");
  });
  if (windows.length === 0) return [];
  const chunkSize = options.chunkSize ?? 2_000;
  const plans = new Map(
    options.sensors.map((s) => [s.key, windows.map((from) => planSensorSegments({ from, to: from + W, calibrations: s.calibrations, flags: s.flags }))]),
  );
  const lookback = Math.min(MAX_STATUS_LOOKBACK_MS, Math.max(W, ...options.sensors.map((s) => s.intervalSeconds * 1000 * SILENT_AFTER_INTERVALS)));
  const keys = options.sensors.map((s) => s.key);
  const filtered = keys.length > chunkSize;
  const aggregates = new Map<string, Map<string, RawAggregates>>();
  const lastAt = new Map<number, Map<string, number>>(windows.map((w) => [w, new Map()]));
  const totals = new Map<number, number>();
  const put = (range: string, sensor: string, raw: RawAggregates) => (aggregates.get(range) ?? aggregates.set(range, new Map()).get(range)!).set(sensor, raw);

  for (let i = 0; i < Math.max(1, keys.length); i += chunkSize) {
    const chunk = keys.slice(i, i + chunkSize);
    const statements = chunkStatements(windows, plans, chunk, filtered, lookback);
    if (i === 0)
      statements.push({
        kind: "total",
        text: `SELECT count(${VALUE}) AS "count" ${FROM} WHERE ${timeClause({ from: windows[0], to: windows[windows.length - 1] + W })} GROUP BY time(5m) fill(0)`,
      });
    const answers = await queryReadings(
      influx,
      statements.map((s) => s.text),
      { missingDatabaseIsEmpty: true },
    );
    for (const [index, statement] of statements.entries()) {
      for (const { sensorKey: sensor, columns, values: rows } of answers[index]) {
        for (const values of rows) {
          const row = Object.fromEntries(columns.map((c, j) => [c, values[j]]));
          const time = Number(row.time);
          if (statement.kind === "total") totals.set(time, Number(row.count ?? 0));
          else if (statement.kind === "last") lastAt.get(statement.window)!.set(sensor, time);
          else if (statement.kind === "windows") put(rangeKey({ from: time, to: time + W }), sensor, rawAggregates(row));
          else put(statement.range, sensor, rawAggregates(row));
        }
      }
    }
  }

  return windows.map((windowStart, w) => {
    const perSensor = new Map<string, SensorWindowFigures>();
    for (const sensor of options.sensors) {
      const parts = plans.get(sensor.key)![w].map((segment) => {
        const raw = aggregates.get(rangeKey(segment))?.get(sensor.key);
        return raw ? calibrateAggregates(raw, segment) : emptyFigures;
      });
      perSensor.set(sensor.key, { figures: combineFigures(parts), lastReadingAt: lastAt.get(windowStart)!.get(sensor.key) ?? null });
    }
    return { windowStart, perSensor, rawReadings: totals.get(windowStart) ?? 0 };
  });
}
