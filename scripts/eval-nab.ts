/**
 * Scores the worker's anomaly detectors on NAB-format data (SCORING.md), streaming point by point.
 *   npm run eval:nab -- --data DIR [--config default|nab|FILE] [--windows FILE] [--out FILE] [--scores-dir DIR2] [--quiet]
 * DIR holds <category>/<file>.csv with timestamp,value. Windows default to combined_windows.json
 * next to DIR (or inside it); profiles to profiles.json there, else NAB's published weights.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { evaluateNabCorpus } from "../server/anomaly/nab/evaluate-nab-corpus";
import { loadNabCorpus, loadNabWindows, type NabWindowsFile } from "../server/anomaly/nab/load-nab-corpus";
import { resolveEvalConfig } from "../server/anomaly/nab/resolve-eval-config";
import { defaultNabProfiles, profilesFromFile } from "../server/anomaly/nab/nab-profiles";

const argsSchema = z.object({
  data: z.string({ error: "--data DIR is required" }).min(1, "--data DIR is required"),
  windows: z.string().optional(),
  out: z.string().optional(),
  "scores-dir": z.string().optional(),
  config: z.string().default("nab"),
  quiet: z.boolean().default(false),
});

function firstExisting(candidates: string[]): string | undefined {
  return candidates.find((c) => existsSync(c));
}

function main(): void {
  const { values } = parseArgs({
    options: {
      data: { type: "string" },
      windows: { type: "string" },
      out: { type: "string" },
      "scores-dir": { type: "string" },
      config: { type: "string" },
      quiet: { type: "boolean" },
    },
    strict: true,
  });
  const args = argsSchema.parse(values);
  const dataDir = path.resolve(args.data);
  const started = performance.now();

  const files = loadNabCorpus(dataDir);
  const windowsFile = args.windows ?? firstExisting([path.join(dataDir, "..", "combined_windows.json"), path.join(dataDir, "combined_windows.json")]);
  const windows: NabWindowsFile = windowsFile ? loadNabWindows(windowsFile) : {};
  if (!windowsFile) process.stderr.write("No combined_windows.json found: every file is scored as having no anomaly window.\n");
  const profilesFile = firstExisting([path.join(dataDir, "..", "profiles.json"), path.join(dataDir, "profiles.json")]);
  const profiles = profilesFile ? profilesFromFile(JSON.parse(readFileSync(profilesFile, "utf8"))) : defaultNabProfiles;

  const config = resolveEvalConfig(args.config);
  const scoresDir = args["scores-dir"];
  const evaluation = evaluateNabCorpus({
    files,
    windows,
    profiles,
    config,
    onFile: scoresDir
      ? (file, run) => {
          const target = path.join(scoresDir, file.name);
          mkdirSync(path.dirname(target), { recursive: true });
          const lines = file.timestamps.map((t, i) => `${t},${run.scores[i].toFixed(6)},${run.alerts[i]}`);
          writeFileSync(target, `timestamp,anomaly_score,alert\n${lines.join("\n")}\n`);
        }
      : undefined,
  });

  const summary = {
    data: dataDir,
    windowsFile: windowsFile ? path.resolve(windowsFile) : null,
    scoredOn: "alert column (0/1): the product's own alert rule, no threshold tuned on the data",
    configName: args.config,
    configuration: config,
    elapsedMs: Math.round(performance.now() - started),
    ...evaluation,
  };
  const json = JSON.stringify(summary, null, 2);
  if (args.out) writeFileSync(args.out, `${json}\n`);
  if (args.quiet) {
    const { scores, detection } = evaluation;
    process.stdout.write(
      `${JSON.stringify({ config: args.config, scores, windowsDetected: detection.windowsDetected, windows: detection.windows, falsePositives: detection.falsePositives, elapsedMs: summary.elapsedMs })}\n`,
    );
  } else process.stdout.write(`${json}\n`);
}

try {
  main();
} catch (err) {
  process.stderr.write(`eval:nab: ${err instanceof z.ZodError ? err.issues.map((i) => i.message).join("; ") : (err as Error).message}\n`);
  process.exit(1);
}
