import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { anomalyConfigSchema } from "../schemas";
import { evaluateNabCorpus } from "./evaluate-nab-corpus";
import { loadNabCorpus, nabTimestampToMs, parseNabCsv } from "./load-nab-corpus";
import { defaultNabProfiles } from "./nab-profiles";

const stamp = (i: number) => new Date(Date.UTC(2020, 0, 1) + i * 300_000).toISOString().replace("T", " ").slice(0, 19);

describe("NAB evaluation on a folder it has never seen", () => {
  it("parses NAB's CSV quirks: exponent values, CRLF, no final newline", () => {
    const file = parseNabCsv("c/f.csv", "timestamp,value\r\n2014-01-01 00:00:00,1.5\r\n2014-01-01 00:05:00,-1.03989471325e-05");
    expect(file.values).toEqual([1.5, -1.03989471325e-5]);
    expect(file.timestamps).toEqual(["2014-01-01 00:00:00", "2014-01-01 00:05:00"]);
    expect(() => parseNabCsv("c/g.csv", "time,v\n")).toThrow(/header/);
    expect(nabTimestampToMs("2014-03-09 03:00:00")).toBe(Date.UTC(2014, 2, 9, 3));
  });

  it("streams each file through the detectors and scores the alerts, per file and overall", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "nab-"));
    mkdirSync(path.join(dir, "made-up"));
    // 2,000 rows of flat noise with one big spike at row 1,500, inside its window.
    let state = 42;
    const noise = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5) * 2;
    const rows = Array.from({ length: 2000 }, (_, i) => `${stamp(i)},${(i === 1500 ? 60 : 10 + noise()).toFixed(4)}`);
    writeFileSync(path.join(dir, "made-up", "one.csv"), `timestamp,value\n${rows.join("\n")}`);
    writeFileSync(path.join(dir, "made-up", "quiet.csv"), `timestamp,value\n${rows.map((r, i) => (i === 1500 ? `${stamp(i)},10` : r)).join("\n")}\n`);
    const files = loadNabCorpus(dir);
    expect(files.map((f) => f.name)).toEqual(["made-up/one.csv", "made-up/quiet.csv"]);

    const runs: Record<string, Uint8Array> = {};
    const evaluation = evaluateNabCorpus({
      files,
      windows: { "made-up/one.csv": [[`${stamp(1450)}.000000`, `${stamp(1550)}.000000`]] },
      profiles: defaultNabProfiles,
      config: anomalyConfigSchema.parse({ defaults: { gap: { enabled: false }, drift: { enabled: false } } }),
      onFile: (file, run) => (runs[file.name] = run.alerts),
    });
    expect(evaluation.windows).toBe(1);
    expect(evaluation.detection).toMatchObject({ windowsDetected: 1, falsePositives: 0, windowRecall: 1, precision: 1, meanDelayRows: 50 });
    expect(runs["made-up/one.csv"][1500]).toBe(1);
    expect(runs["made-up/quiet.csv"].every((a) => a === 0)).toBe(true);
    // Detected at row 1500 of window 1450–1550 (W = 101): σ(−51/101)/σ(−1) on one window of one.
    const raw = evaluation.perFile[0].raw.standard;
    expect(raw).toBeCloseTo(-Math.tanh(2.5 * (-51 / 101)) / Math.tanh(2.5), 5);
    expect(evaluation.scores.standard).toBeCloseTo(100 * ((raw + 1) / 2), 1);
  });
});
