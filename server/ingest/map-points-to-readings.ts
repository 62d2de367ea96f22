import { LineProtocolError, type LinePoint } from "./parse-line-protocol";

export interface IngestReading {
  key: string;
  timeNs: bigint;
  value: number;
  line: number;
}

// InfluxDB's own bounds: int64 nanoseconds, less its reserved minimum.
const MIN_NS = -9_223_372_036_854_775_806n;
const MAX_NS = 9_223_372_036_854_775_806n;
export const MAX_SENSOR_KEY_LENGTH = 200;

/**
 * The sensor readings in parsed points. The rule (README "Ingestion"): with a `sensor` tag, field
 * `value` is a reading of that sensor and any other field `f` one of `<sensor>.f`; without it, each
 * field `f` is a reading of `<measurement>.f` (Telegraf's naming). Booleans count as 1/0; string
 * fields are not readings and are skipped; other tags are dropped (the sensor's row supplies them).
 */
export function mapPointsToReadings(points: LinePoint[], options: { unitNs: bigint; nowNs: bigint }): IngestReading[] {
  const readings: IngestReading[] = [];
  for (const point of points) {
    const timeNs = point.timestamp === undefined ? options.nowNs : point.timestamp * options.unitNs;
    const text = `${point.measurement} …`;
    if (timeNs < MIN_NS || timeNs > MAX_NS) throw new LineProtocolError(point.line, "timestamp out of range", text);
    const sensor = point.tags.sensor;
    for (const [field, raw] of Object.entries(point.fields)) {
      if (typeof raw === "string") continue;
      const key = sensor === undefined ? `${point.measurement}.${field}` : field === "value" ? sensor : `${sensor}.${field}`;
      if (key.length > MAX_SENSOR_KEY_LENGTH) throw new LineProtocolError(point.line, `sensor key longer than ${MAX_SENSOR_KEY_LENGTH} characters`, text);
      readings.push({ key, timeNs, value: typeof raw === "boolean" ? Number(raw) : raw, line: point.line });
    }
  }
  return readings;
}
