import type { AnomalyConfig } from "../schemas";
import type { NabFile, NabWindowsFile } from "./load-nab-corpus";
import { nabProfileNames, type NabProfile, type NabProfileName } from "./nab-profiles";
import { runNabFile, type NabFileRun } from "./run-nab-file";
import { normalizeScore, scoreFile, windowsToRows, type FileScore } from "./score-nab";

export interface DetectionSummary {
  windows: number;
  windowsDetected: number;
  /** Windows detected / windows (event recall). */
  windowRecall: number | null;
  /** Detections inside windows / all scorable detections (row precision). */
  precision: number | null;
  falsePositives: number;
  falsePositivesPer1000Rows: number;
  meanDelayRows: number | null;
}

export interface NabEvaluation {
  files: number;
  rows: number;
  windows: number;
  /** Normalised 0 (null detector) to 100 (perfect); 0 when there is no window to find. */
  scores: Record<NabProfileName, number>;
  /** Corpus raw scores before normalisation (the only measure when there are no windows). */
  raw: Record<NabProfileName, number>;
  detection: DetectionSummary;
  perFile: { file: string; rows: number; windows: number; raw: Record<NabProfileName, number>; detection: DetectionSummary }[];
}

function summarise(scores: FileScore[]): DetectionSummary {
  const sum = (f: (s: FileScore) => number) => scores.reduce((a, s) => a + f(s), 0);
  const windows = sum((s) => s.windowsCounted);
  const windowsDetected = sum((s) => s.windowsDetected);
  const inWindows = sum((s) => s.detectionsInWindows);
  const falsePositives = sum((s) => s.falsePositives);
  const delays = scores.flatMap((s) => s.delays.filter((d): d is number => d !== null));
  const round = (x: number) => Math.round(x * 10_000) / 10_000;
  return {
    windows,
    windowsDetected,
    windowRecall: windows ? round(windowsDetected / windows) : null,
    precision: inWindows + falsePositives ? round(inWindows / (inWindows + falsePositives)) : null,
    falsePositives,
    falsePositivesPer1000Rows: round(
      (1000 * falsePositives) /
        Math.max(
          1,
          sum((s) => s.scorableRows),
        ),
    ),
    meanDelayRows: delays.length ? round(delays.reduce((a, b) => a + b, 0) / delays.length) : null,
  };
}

/**
 * Runs every file through the detectors and scores the alerts (a 0/1 rule, so no threshold is
 * tuned on the data); `onFile` receives each file's per-row output, e.g. to write it out.
 */
export function evaluateNabCorpus(options: {
  files: NabFile[];
  windows: NabWindowsFile;
  profiles: Record<NabProfileName, NabProfile>;
  config: AnomalyConfig;
  onFile?: (file: NabFile, run: NabFileRun) => void;
}): NabEvaluation {
  const perProfile = Object.fromEntries(nabProfileNames.map((p) => [p, [] as FileScore[]])) as Record<NabProfileName, FileScore[]>;
  const perFile: NabEvaluation["perFile"] = [];
  for (const file of options.files) {
    const run = runNabFile(file, options.config);
    options.onFile?.(file, run);
    const rows = windowsToRows(file.timestamps, options.windows[file.name] ?? []);
    const raw = {} as Record<NabProfileName, number>;
    for (const profile of nabProfileNames) {
      const score = scoreFile(run.alerts, rows, options.profiles[profile]);
      perProfile[profile].push(score);
      raw[profile] = Math.round(score.raw * 1e6) / 1e6;
    }
    perFile.push({
      file: file.name,
      rows: file.values.length,
      windows: perProfile.standard.at(-1)!.windowsCounted,
      raw,
      detection: summarise([perProfile.standard.at(-1)!]),
    });
  }
  const windows = perProfile.standard.reduce((a, s) => a + s.windowsCounted, 0);
  const raw = Object.fromEntries(nabProfileNames.map((p) => [p, perProfile[p].reduce((a, s) => a + s.raw, 0)])) as Record<NabProfileName, number>;
  const scores = Object.fromEntries(nabProfileNames.map((p) => [p, Math.round(normalizeScore(raw[p], windows, options.profiles[p]) * 100) / 100])) as Record<
    NabProfileName,
    number
  >;
  return {
    files: options.files.length,
    rows: options.files.reduce((a, f) => a + f.values.length, 0),
    windows,
    scores,
    raw: Object.fromEntries(nabProfileNames.map((p) => [p, Math.round(raw[p] * 1e6) / 1e6])) as Record<NabProfileName, number>,
    detection: summarise(perProfile.standard),
    perFile,
  };
}
