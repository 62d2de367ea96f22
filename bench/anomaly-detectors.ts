/**
 * Pure detector throughput: one scan over N sensors with 30 s of new readings each, state carried
 * across scans, as the scan job will run it (without the InfluxDB read and the alert writes, which
 * come with the data path). Prints JSON. A baseline in the same run: the same readings only summed.
 *   npm run bench:anomaly -- [--quick] [--sensors 10000] [--interval-ms 1000] [--scans 5] [--warmup-scans 3]
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import type { ReadingSeries } from "../server/anomaly/detectors/detector";
import { evaluateScanBatch, type ScanSensorInput } from "../server/anomaly/evaluate-scan-batch";
import type { SensorDetectorState } from "../server/anomaly/evaluate-sensor-readings";
import { anomalyConfigSchema, type AnomalyConfig } from "../server/anomaly/schemas";
import { serializeSensorState } from "../server/anomaly/sensor-state-codec";
import { gaussian, seededRandom } from "../server/anomaly/synthetic-series";

const cli = parseArgs({
  options: {
    sensors: { type: "string" },
    "interval-ms": { type: "string" },
    scans: { type: "string" },
    "warmup-scans": { type: "string" },
    quick: { type: "boolean" },
  },
}).values;
const args = z
  .object({
    sensors: z.coerce
      .number()
      .int()
      .positive()
      .default(cli.quick ? 2_000 : 10_000),
    "interval-ms": z.coerce.number().int().positive().default(1000),
    scans: z.coerce.number().int().positive().default(5),
    "warmup-scans": z.coerce.number().int().min(0).default(3),
  })
  .parse({ ...cli, quick: undefined });

const SCAN_MS = 30_000;
const quantities = ["temperature", "humidity", "pressure", "flow"];
const start = Date.UTC(2026, 0, 1);
const normal = gaussian(seededRandom(1));

/**
 * 30 s of readings per sensor: a level per sensor, a daily cycle, noise, and a few faults. As columns,
 * one pair of arrays for all sensors and a view per sensor, the way a scan decodes InfluxDB's answer.
 */
function scanReadings(scan: number): ReadingSeries[] {
  const from = start + scan * SCAN_MS;
  const perSensor = Math.ceil(SCAN_MS / args["interval-ms"]);
  const times = new Float64Array(args.sensors * perSensor);
  const values = new Float64Array(args.sensors * perSensor);
  return Array.from({ length: args.sensors }, (_, s) => {
    let n = s * perSensor;
    for (let t = from; t < from + SCAN_MS; t += args["interval-ms"], n++) {
      const cycle = 5 * Math.sin((2 * Math.PI * (t % 86_400_000)) / 86_400_000);
      const stuck = s % 997 === 0;
      const spike = s % 101 === 0 && t === from ? 40 : 0;
      times[n] = t;
      values[n] = stuck ? 12.5 : 20 + (s % 17) + cycle + normal() * 0.5 + spike;
    }
    return { times: times.subarray(s * perSensor, n), values: values.subarray(s * perSensor, n) };
  });
}

function runScans(config: AnomalyConfig) {
  let states = new Map<string, SensorDetectorState>();
  let candidates = 0;
  let measuredMs = 0;
  // Each scan's readings are made just before it, as a scan holds one window in memory, not all of them.
  for (let scan = 0; scan < args["warmup-scans"] + args.scans; scan++) {
    const perSensor = scanReadings(scan);
    const sensors: ScanSensorInput[] = perSensor.map((series, s) => ({
      sensorKey: `site-${s % 50}/sensor-${s}`,
      quantity: quantities[s % quantities.length],
      state: states.get(`site-${s % 50}/sensor-${s}`),
      series,
    }));
    const t0 = performance.now();
    const result = evaluateScanBatch({ config, sensors, now: start + (scan + 1) * SCAN_MS });
    const elapsed = performance.now() - t0;
    states = result.states;
    if (scan >= args["warmup-scans"]) {
      measuredMs += elapsed;
      candidates += result.candidates.length;
    }
  }
  const checks = args.sensors * args.scans;
  const readings = checks * Math.ceil(SCAN_MS / args["interval-ms"]);
  const sample = [...states.values()].slice(0, 100).map((s) => serializeSensorState(s).length);
  return {
    msPerScan: Math.round(measuredMs / args.scans),
    sensorChecksPerSecond: Math.round((checks / measuredMs) * 1000),
    readingsPerSecond: Math.round((readings / measuredMs) * 1000),
    alertCandidatesPerScan: Math.round(candidates / args.scans),
    stateBytesPerSensor: Math.round(sample.reduce((a, b) => a + b, 0) / sample.length),
  };
}

function baseline() {
  let sum = 0;
  let ms = 0;
  for (let scan = 0; scan < args.scans; scan++) {
    const perSensor = scanReadings(scan);
    const t0 = performance.now();
    for (const { values } of perSensor) for (let i = 0; i < values.length; i++) sum += values[i];
    ms += performance.now() - t0;
  }
  return { msPerScan: Math.round(ms / args.scans), sensorChecksPerSecond: Math.round(((args.sensors * args.scans) / ms) * 1000), checksum: Math.round(sum) };
}

const configs = {
  thresholdOnly: anomalyConfigSchema.parse({
    defaults: Object.fromEntries(["spike", "level_shift", "drift", "stuck", "gap", "seasonal"].map((d) => [d, { enabled: false }])),
    quantities: { temperature: { threshold: { params: { validMin: -40, validMax: 125 } } } },
  }),
  allDetectors: anomalyConfigSchema.parse({ quantities: { temperature: { threshold: { params: { validMin: -40, validMax: 125 } } } } }),
  // What a scan ran before the novelty detector and the profiles: every other detector, their old defaults.
  previousDefault: anomalyConfigSchema.parse({
    profile: "values",
    defaults: {
      ...Object.fromEntries(["threshold", "spike", "level_shift", "drift", "stuck", "gap", "seasonal"].map((d) => [d, { enabled: true }])),
      novelty: { enabled: false },
    },
    quantities: { temperature: { threshold: { params: { validMin: -40, validMax: 125 } } } },
  }),
};
const results = {
  baselineSumOnly: baseline(),
  thresholdOnly: runScans(configs.thresholdOnly),
  allDetectors: runScans(configs.allDetectors),
  previousDefault: runScans(configs.previousDefault),
};
// One line (bench/run-all.ts reads the last line), nested where `npm run bench` gathers the anomaly figures.
process.stdout.write(
  `${JSON.stringify({
    anomaly: {
      detectors_only: {
        sensors: args.sensors,
        readings_per_sensor_per_scan: Math.ceil(SCAN_MS / args["interval-ms"]),
        scans: args.scans,
        sensor_checks_per_sec: results.allDetectors.sensorChecksPerSecond,
        threshold_only_checks_per_sec: results.thresholdOnly.sensorChecksPerSecond,
        previous_default_checks_per_sec: results.previousDefault.sensorChecksPerSecond,
        previous_default_state_bytes_per_sensor: results.previousDefault.stateBytesPerSensor,
        baseline_sum_only_checks_per_sec: results.baselineSumOnly.sensorChecksPerSecond,
        ms_per_scan: results.allDetectors.msPerScan,
        state_bytes_per_sensor: results.allDetectors.stateBytesPerSensor,
        peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      },
    },
  })}\n`,
);
