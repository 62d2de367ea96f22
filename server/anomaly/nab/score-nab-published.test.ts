import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { defaultNabProfiles, nabProfileNames } from "./nab-profiles";
import { normalizeScore, scoreFile, type RowWindow } from "./score-nab";

interface PublishedFixture {
  thresholds: Record<string, number>;
  files: { file: string; rows: number; windows: RowWindow[]; detections: [number, number][] }[];
}

const load = (name: string): PublishedFixture => JSON.parse(readFileSync(path.join(__dirname, "../../../tests/fixtures", name), "utf8"));

/** NAB's published per-row outputs on the 25 shared files, scored at NAB's own thresholds (dataset README). */
const published = {
  "nab-published-artime.json": { standard: 72.98, reward_low_FP_rate: 63.73, reward_low_FN_rate: 78.57 },
  "nab-published-numenta.json": { standard: 66.88, reward_low_FP_rate: 61.15, reward_low_FN_rate: 71.94 },
};

describe("our NAB scorer against NAB's published results", () => {
  it.each(Object.entries(published))("%s scores as NAB published it, all three profiles", (fixture, expected) => {
    const { thresholds, files } = load(fixture);
    expect(files).toHaveLength(25);
    for (const profile of nabProfileNames) {
      let raw = 0;
      let windows = 0;
      for (const f of files) {
        const scores = new Float64Array(f.rows);
        for (const [row, s] of f.detections) scores[row] = s;
        const detections = scores.map((s) => (s >= thresholds[profile] ? 1 : 0));
        const score = scoreFile(detections, f.windows, defaultNabProfiles[profile]);
        raw += score.raw;
        windows += score.windowsCounted;
      }
      expect(windows).toBe(39);
      expect(Math.round(normalizeScore(raw, windows, defaultNabProfiles[profile]) * 100) / 100).toBe(expected[profile]);
    }
  });
});
