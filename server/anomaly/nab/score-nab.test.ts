import { describe, expect, it } from "vitest";
import { defaultNabProfiles, type NabProfileName } from "./nab-profiles";
import { normalizeScore, probationLength, scaledSigmoid, scoreFile, windowsToRows } from "./score-nab";

/** SCORING.md §10: n = 100, one window on rows 50–59, detections at the given rows. */
function worked(rows: number[], profile: NabProfileName) {
  const detections = new Uint8Array(100);
  for (const r of rows) detections[r] = 1;
  return scoreFile(detections, [[50, 59]], defaultNabProfiles[profile]).raw;
}

describe("NAB scorer, on the hand-computed cases of SCORING.md §10", () => {
  const table: [number[], number, number, number][] = [
    [[], -1, -1, -2],
    [[50], 1, 1, 1],
    [[55], 0.859793, 0.859793, 0.859793],
    [[59], 0.248242, 0.248242, 0.248242],
    [[50, 55, 59], 1, 1, 1],
    [[30], -1.11, -1.22, -2.11],
    [[60], -1.029793, -1.059586, -2.029793],
    [[68], -1.108528, -1.217055, -2.108528],
    [[90], -1.11, -1.22, -2.11],
    [[10], -1, -1, -2],
    [[55, 60, 90], 0.719999, 0.580206, 0.719999],
  ];
  it.each(table)("detections %j → %d / %d / %d", (rows, standard, lowFp, lowFn) => {
    expect(worked(rows, "standard")).toBeCloseTo(standard, 6);
    expect(worked(rows, "reward_low_FP_rate")).toBeCloseTo(lowFp, 6);
    expect(worked(rows, "reward_low_FN_rate")).toBeCloseTo(lowFn, 6);
  });

  it("normalises between the null and the perfect detector", () => {
    expect(normalizeScore(worked([55], "standard"), 1, defaultNabProfiles.standard)).toBeCloseTo(92.99, 2);
    expect(normalizeScore(-1, 1, defaultNabProfiles.standard)).toBe(0);
    expect(normalizeScore(1, 1, defaultNabProfiles.standard)).toBe(100);
    expect(normalizeScore(-2, 1, defaultNabProfiles.reward_low_FN_rate)).toBe(0);
  });
});

describe("NAB scorer details", () => {
  it("has the published probation lengths and sigmoid values", () => {
    expect([probationLength(4032), probationLength(1127), probationLength(5000), probationLength(20000)]).toEqual([604, 169, 750, 750]);
    expect(scaledSigmoid(-1)).toBeCloseTo(0.986614, 6);
    expect(scaledSigmoid(0.5)).toBeCloseTo(-0.848284, 6);
    expect(scaledSigmoid(3.0001)).toBe(-1);
  });

  it("charges a false positive by its distance from the last finished window, even one in probation", () => {
    // n = 100, P = 15: window 2–11 lies wholly in probation, so it is not counted, yet it softens a detection at row 20.
    const detections = new Uint8Array(100);
    detections[20] = 1;
    const score = scoreFile(detections, [[2, 11]], defaultNabProfiles.standard);
    expect(score.windowsCounted).toBe(0);
    expect(score.raw).toBeCloseTo(0.11 * scaledSigmoid((20 - 11) / 9), 9);
  });

  it("counts recall, delay and false positives for the report", () => {
    const detections = new Uint8Array(200);
    for (const r of [40, 53, 54, 150]) detections[r] = 1;
    const score = scoreFile(
      detections,
      [
        [50, 59],
        [100, 109],
      ],
      defaultNabProfiles.standard,
    );
    expect(score).toMatchObject({ windowsCounted: 2, windowsDetected: 1, detectionsInWindows: 2, falsePositives: 2, scorableRows: 170, delays: [3, null] });
  });

  it("maps window edges to the first row with that timestamp, as strings", () => {
    const ts = ["2014-03-09 01:00:00", "2014-03-09 03:00:00", "2014-03-09 03:00:00", "2014-03-09 04:00:00"];
    expect(windowsToRows(ts, [["2014-03-09 01:00:00.000000", "2014-03-09 03:00:00.000000"]])).toEqual([[0, 1]]);
    expect(() => windowsToRows(ts, [["2014-03-09 02:00:00.000000", "2014-03-09 04:00:00.000000"]])).toThrow(/does not match/);
  });
});
