/**
 * QC test throughput: every QC test (all nine, cross-sensor ones against a neighbour's series) over
 * N measurement points × a year of 10-minute readings, as typed arrays, through runQcTests (codes,
 * ranges, manual "good" ranges cut out). Without the InfluxDB read and the flag writes. A baseline in
 * the same run: one plain pass summing the same typed arrays. Prints JSON (the last line).
 *   npx tsx bench/qc.ts [--quick] [--points 1000] [--days 365]
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { gaussian, seededRandom } from "../server/anomaly/synthetic-series";
import { resolveQcTests } from "../server/qc/resolve-qc-tests";
import { runQcTests } from "../server/qc/run-qc-tests";
import { quantityQcConfig } from "../server/qc/schemas";
import type { QcSeries } from "../server/qc/tests/qc-test";

const cli = parseArgs({ options: { points: { type: "string" }, days: { type: "string" }, quick: { type: "boolean" } } }).values;
const args = z
  .object({
    points: z.coerce
      .number()
      .int()
      .positive()
      .default(cli.quick ? 100 : 1_000),
    days: z.coerce.number().int().positive().default(365),
  })
  .parse({ points: cli.points, days: cli.days });

const STEP = 600_000;
const T0 = Date.UTC(2026, 0, 1);
const n = (args.days * 86_400_000) / STEP;
const normal = gaussian(seededRandom(18));
const times = new Float64Array(n);
for (let i = 0; i < n; i++) times[i] = T0 + i * STEP;

/** A wind speed: daily cycle, noise, a stuck day, a few spikes and a short gap-free drift. */
function pointValues(p: number): Float64Array {
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = Math.max(0, 7 + (p % 5) + 2 * Math.sin((2 * Math.PI * (i % 144)) / 144) + normal());
  const stuck = (p * 997) % (n - 200);
  v.fill(v[stuck], stuck, stuck + 144);
  for (let k = 0; k < 5; k++) v[(p * 31 + k * 7919) % n] += 25;
  return v;
}

const months = Array.from({ length: 12 }, () => ({ min: 0, max: 30 }));
const config = quantityQcConfig.parse({
  gross_range: { params: { failMin: 0, failMax: 75, suspectMax: 40 } },
  flat_line: { params: { tolerance: 0.001, suspectSeconds: 3 * 3600, failSeconds: 12 * 3600 } },
  spike: { params: { suspect: 6, fail: 12 } },
  rate_of_change: { params: { suspectPerHour: 30, failPerHour: 60 } },
  time_gap: { params: { maxGapSeconds: 1800 } },
  duplicate_timestamps: { params: {} },
  climatology: { params: { months } },
  redundant_pair: { params: { suspectRatioMin: 0.9, suspectRatioMax: 1.1, failRatioMin: 0.5, failRatioMax: 2, minValue: 3 } },
  reference_drift: { params: { windowSeconds: 7 * 86_400, suspectOffset: 1.5, failOffset: 3 } },
});
const { tests, invalid } = resolveQcTests(config);
if (invalid.length || tests.length !== 9) throw new Error(`bench config: ${JSON.stringify(invalid)}`);
const window = { from: T0, to: T0 + n * STEP };
const goodRanges = [{ from: T0 + 30 * 86_400_000, to: T0 + 31 * 86_400_000 }];

let qcMs = 0;
let baselineMs = 0;
let flags = 0;
let checksum = 0;
const perTestMs = Object.fromEntries(tests.map((t) => [t.name, 0]));
/** The redundant partner (and reference) of a point: the same wind read 1 % high with its own noise. */
function partnerOf(values: Float64Array): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = values[i] * 1.01 + normal() * 0.1;
  return out;
}

for (let p = 0; p < args.points; p++) {
  const values = pointValues(p);
  const series: QcSeries = { times, values };
  const partner = partnerOf(values);
  const context = { partner, reference: partner };

  let t0 = performance.now();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  baselineMs += performance.now() - t0;
  checksum += sum;

  t0 = performance.now();
  flags += runQcTests({ series, tests, context, window, goodRanges }).length;
  qcMs += performance.now() - t0;

  // Per test on a tenth of the points, for where the time goes.
  if (p % 10 === 0)
    for (const t of tests) {
      const s = performance.now();
      t.test.run(series, t.params, context);
      perTestMs[t.name] += performance.now() - s;
    }
}
const readings = args.points * n;
const sampled = Math.ceil(args.points / 10) * n;
process.stdout.write(
  `${JSON.stringify({
    qc: {
      points: args.points,
      readings_per_point: n,
      tests: tests.length,
      readings_per_sec: Math.round((readings / qcMs) * 1000),
      baseline_sum_readings_per_sec: Math.round((readings / baselineMs) * 1000),
      seconds_total: Math.round(qcMs) / 1000,
      per_test_readings_per_sec: Object.fromEntries(Object.entries(perTestMs).map(([k, ms]) => [k, Math.round((sampled / ms) * 1000)])),
      flag_ranges_found: flags,
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      checksum: Math.round(checksum),
    },
  })}\n`,
);
