/**
 * Scores the scan's detectors on a simulated fleet with labelled faults (the second benchmark):
 * recall and p50 delay per kind, false alerts per clean sensor-day. Pure code path, no services.
 *   npm run eval:simulated -- [--config default|nab|PROFILE|FILE] [--sensors 200] [--days 3] [--warmup-days 2] [--anomaly-rate 0.3] [--seed 42] [--anomalies FILE] [--out FILE]
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { withValidRanges } from "../server/anomaly-scan/with-valid-ranges";
import { resolveEvalConfig } from "../server/anomaly/nab/resolve-eval-config";
import { evaluateSimulatedFleet } from "../server/simulator/evaluate-simulated-fleet";

const cli = parseArgs({
  options: {
    config: { type: "string" },
    sensors: { type: "string" },
    days: { type: "string" },
    "warmup-days": { type: "string" },
    "anomaly-rate": { type: "string" },
    seed: { type: "string" },
    anomalies: { type: "string" },
    out: { type: "string" },
  },
}).values;
const args = z
  .object({
    config: z.string().default("default"),
    sensors: z.coerce.number().int().min(1).max(20_000).default(200),
    days: z.coerce.number().min(0.5).max(60).default(3),
    "warmup-days": z.coerce.number().min(0).max(30).default(2),
    "anomaly-rate": z.coerce.number().min(0).max(10).default(0.3),
    seed: z.coerce.number().int().default(42),
    anomalies: z.string().optional(),
    out: z.string().optional(),
  })
  .parse(cli);

const started = performance.now();
const base = resolveEvalConfig(args.config);
const evaluation = evaluateSimulatedFleet({
  sensors: args.sensors,
  days: args.days,
  warmupDays: args["warmup-days"],
  anomalyRate: args["anomaly-rate"],
  seed: args.seed,
  // As the scan does: each sensor's valid range becomes its threshold limits.
  config: (fleet) =>
    withValidRanges(
      base,
      fleet.map((s) => ({ key: s.key, quantity: s.quantity, validMin: s.validMin, validMax: s.validMax })),
    ),
  onProgress: (done, total) => process.stderr.write(`\reval:simulated: scan ${done}/${total}`),
});
process.stderr.write("\n");
if (args.anomalies) {
  const truth = evaluation.anomalies.map((a) => ({ ...a, from: new Date(a.from).toISOString(), to: new Date(a.to).toISOString() }));
  writeFileSync(args.anomalies, `${JSON.stringify({ seed: args.seed, anomalies: truth }, null, 2)}\n`);
}
const { anomalies, ...summary } = evaluation;
const json = JSON.stringify({ config: args.config, elapsedMs: Math.round(performance.now() - started), anomalies: anomalies.length, ...summary }, null, 2);
if (args.out) writeFileSync(args.out, `${json}\n`);
process.stdout.write(`${json}\n`);
