/**
 * Scores a detector configuration against the fleet's labelled incidents (the third benchmark):
 * staff marked incidents "real" or "not an anomaly"; each labelled sensor's history is streamed
 * through the configuration from an empty state, and the real incidents it raises again (recall) and
 * the "not an anomaly" ones it still raises (precision) are counted, per profile and per label version.
 *   npm run eval:labels -- [--config default|nab|PROFILE|FILE] [--limit 1000] [--history-days 7] [--tolerance-minutes 30] [--out FILE]
 * Reads DATABASE_URL and INFLUX_* like the worker (.env).
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { resolveEvalConfig } from "../server/anomaly/nab/resolve-eval-config";
import { benchmarkLabelledIncidents, labelBenchmarkOptions } from "../server/anomaly-scan/benchmark-labelled-incidents";
import { db } from "../server/db";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      config: { type: "string" },
      limit: { type: "string" },
      "history-days": { type: "string" },
      "tolerance-minutes": { type: "string" },
      out: { type: "string" },
    },
    strict: true,
  });
  const configName = z.string().min(1).max(1000).default("default").parse(values.config);
  const bounds = labelBenchmarkOptions.parse({ limit: values.limit, historyDays: values["history-days"], toleranceMinutes: values["tolerance-minutes"] });
  const started = performance.now();
  const result = await benchmarkLabelledIncidents(db, { ...bounds, config: resolveEvalConfig(configName) });
  const { perIncident, ...summary } = result;
  const json = JSON.stringify({ config: configName, elapsedMs: Math.round(performance.now() - started), ...summary, perIncident }, null, 2);
  if (values.out) writeFileSync(values.out, `${json}\n`);
  process.stdout.write(`${JSON.stringify({ config: configName, ...summary }, null, 2)}\n`);
}

main()
  .catch((err) => {
    process.stderr.write(
      `eval:labels: ${err instanceof z.ZodError ? err.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ") : (err as Error).message}\n`,
    );
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
