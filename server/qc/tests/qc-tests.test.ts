import { describe, expect, it } from "vitest";
import { climatology } from "./climatology";
import { duplicateTimestamps } from "./duplicate-timestamps";
import { flatLine } from "./flat-line";
import { grossRange } from "./gross-range";
import { FAIL, SUSPECT, type QcSeries } from "./qc-test";
import { rateOfChange } from "./rate-of-change";
import { redundantPair } from "./redundant-pair";
import { referenceDrift } from "./reference-drift";
import { spike } from "./spike";
import { timeGap } from "./time-gap";

const T0 = Date.UTC(2026, 0, 1);
const STEP = 600_000;
/** Evenly spaced 10-minute readings. */
function series(values: number[], times?: number[]): QcSeries {
  return { times: Float64Array.from(times ?? values.map((_, i) => T0 + i * STEP)), values: Float64Array.from(values) };
}
const codes = (c: Uint8Array) => [...c];

describe("gross range", () => {
  const p = grossRange.params.parse({ failMin: 0, failMax: 75, suspectMin: 0.2, suspectMax: 40 });
  it("fails outside the sensor span, suspects outside the plausible one, fails NaN", () => {
    expect(codes(grossRange.run(series([5, -1, 80, 0.1, 45, 40, 75, Number.NaN]), p, {}))).toEqual([0, FAIL, FAIL, SUSPECT, SUSPECT, 0, SUSPECT, FAIL]);
  });
  it("refuses inverted or outside suspect spans", () => {
    expect(grossRange.params.safeParse({ failMin: 10, failMax: 0 }).success).toBe(false);
    expect(grossRange.params.safeParse({ failMin: 0, failMax: 10, suspectMax: 20 }).success).toBe(false);
    expect(grossRange.params.safeParse({ failMin: 0, failMax: 10, suspectMin: 6, suspectMax: 5 }).success).toBe(false);
    expect(grossRange.params.safeParse({ failMin: Number.NaN, failMax: 10 }).success).toBe(false);
  });
});

describe("flat line", () => {
  // suspect after 30 min flat, fail after 60 min: 10-minute steps, so 4 readings span 30 min, 7 span 60.
  const p = flatLine.params.parse({ tolerance: 0.01, suspectSeconds: 1800, failSeconds: 3600 });
  it("flags a whole stuck run, suspect or fail by how long it lasted", () => {
    const values = [1, 2, 3, 5, 5, 5, 5, 7, 8, 9, 9, 9.005, 9, 9, 9, 9, 1];
    expect(codes(flatLine.run(series(values), p, {}))).toEqual([
      0,
      0,
      0,
      SUSPECT,
      SUSPECT,
      SUSPECT,
      SUSPECT,
      0,
      0,
      FAIL,
      FAIL,
      FAIL,
      FAIL,
      FAIL,
      FAIL,
      FAIL,
      0,
    ]);
  });
  it("leaves a varying series alone", () => {
    expect(codes(flatLine.run(series([1, 1.1, 1.2, 1.1, 1, 1.1, 1.2, 1.3]), p, {})).every((c) => c === 0)).toBe(true);
  });
  it("refuses suspect not below fail and windows past 30 days", () => {
    expect(flatLine.params.safeParse({ tolerance: 0, suspectSeconds: 3600, failSeconds: 3600 }).success).toBe(false);
    expect(flatLine.params.safeParse({ tolerance: 0, suspectSeconds: 600, failSeconds: 1e9 }).success).toBe(false);
  });
});

describe("spike", () => {
  const p = spike.params.parse({ suspect: 2, fail: 5 });
  it("flags a reading standing above (or below) both neighbours, not the neighbours", () => {
    expect(codes(spike.run(series([10, 10, 13, 10, 10, 20, 10, 10]), p, {}))).toEqual([0, 0, SUSPECT, 0, 0, FAIL, 0, 0]);
    expect(codes(spike.run(series([10, 10, 4, 10]), p, {}))).toEqual([0, 0, FAIL, 0]);
  });
  it("leaves a step change alone", () => {
    expect(codes(spike.run(series([10, 10, 10, 30, 30, 30]), p, {})).every((c) => c === 0)).toBe(true);
  });
});

describe("rate of change", () => {
  const p = rateOfChange.params.parse({ suspectPerHour: 6, failPerHour: 30 });
  it("flags the reading that changed too fast per hour", () => {
    // 10-minute steps: +0.5 is 3/h, +2 is 12/h, +6 is 36/h.
    expect(codes(rateOfChange.run(series([0, 0.5, 2.5, 8.5, 8.5]), p, {}))).toEqual([0, 0, SUSPECT, FAIL, 0]);
  });
});

describe("time gap", () => {
  it("flags the first reading after a gap", () => {
    const times = [0, 1, 2, 5, 6].map((i) => T0 + i * STEP);
    expect(codes(timeGap.run(series([1, 1, 1, 1, 1], times), timeGap.params.parse({ maxGapSeconds: 1200 }), {}))).toEqual([0, 0, 0, SUSPECT, 0]);
    expect(codes(timeGap.run(series([1, 1, 1, 1, 1], times), timeGap.params.parse({ maxGapSeconds: 1200, severity: "fail" }), {}))).toEqual([0, 0, 0, FAIL, 0]);
  });
});

describe("duplicate timestamps", () => {
  it("fails both copies of a stamp and a stamp set back", () => {
    const times = [0, 1, 1, 2, 1.5, 3].map((i) => T0 + i * STEP);
    expect(codes(duplicateTimestamps.run(series([1, 2, 3, 4, 5, 6], times), {}, {}))).toEqual([0, FAIL, FAIL, 0, FAIL, 0]);
  });
});

describe("climatology", () => {
  const months = Array.from({ length: 12 }, (_, m) => (m === 6 ? null : { min: m === 0 ? -20 : 0, max: m === 0 ? 5 : 30 }));
  const p = climatology.params.parse({ months });
  it("uses each reading's UTC month, skipping months without a range", () => {
    const times = [Date.UTC(2026, 0, 31, 23, 50), Date.UTC(2026, 1, 1), Date.UTC(2026, 1, 2), Date.UTC(2026, 6, 1)];
    expect(codes(climatology.run(series([-10, -10, 31, 99], times), p, {}))).toEqual([0, SUSPECT, SUSPECT, 0]);
  });
  it("wants twelve months with min below max", () => {
    expect(climatology.params.safeParse({ months: months.slice(1) }).success).toBe(false);
    expect(climatology.params.safeParse({ months: months.map(() => ({ min: 5, max: 1 })) }).success).toBe(false);
  });
});

describe("redundant pair", () => {
  const p = redundantPair.params.parse({ suspectRatioMin: 0.9, suspectRatioMax: 1.1, failRatioMin: 0.5, failRatioMax: 2, minValue: 3 });
  it("flags where the two disagree, ignores calm and missing partner readings", () => {
    const partner = Float64Array.from([8, 8, 8, 8, 1, Number.NaN]);
    expect(codes(redundantPair.run(series([8.2, 9.2, 3.5, 20, 0.5, 30]), p, { partner }))).toEqual([0, SUSPECT, FAIL, FAIL, 0, 0]);
  });
  it("refuses a band that does not contain 1", () => {
    expect(redundantPair.params.safeParse({ suspectRatioMin: 1.1, suspectRatioMax: 1.2 }).success).toBe(false);
  });
});

describe("reference drift", () => {
  const p = referenceDrift.params.parse({ windowSeconds: 3600, suspectOffset: 0.5, failOffset: 1.5, minCount: 3 });
  it("flags once the rolling mean difference from the reference passes the offsets", () => {
    // Reference flat at 10; the sensor drifts up by 0.4 per reading from index 6.
    const n = 20;
    const values = Array.from({ length: n }, (_, i) => 10 + (i >= 6 ? (i - 5) * 0.4 : 0));
    const reference = new Float64Array(n).fill(10);
    const got = codes(referenceDrift.run(series(values), p, { reference }));
    // Window of 6 readings: mean differences at i = 8 (0.4+0.8+1.2)/6 = 0.4, i = 9: 0.67 > 0.5 suspect, …, fail once the mean is past 1.5.
    const firstSuspect = got.indexOf(SUSPECT);
    const firstFail = got.indexOf(FAIL);
    expect(got.slice(0, 9).every((c) => c === 0)).toBe(true);
    expect(firstSuspect).toBe(9);
    // mean at i: the last 6 drifts (i-5-k)*0.4 for k in 0..5 → 0.4*(i-7.5); > 1.5 from i = 11.25 → 12.
    expect(firstFail).toBe(12);
  });
  it("needs the minimum count of paired readings", () => {
    const reference = Float64Array.from([Number.NaN, Number.NaN, 0, Number.NaN]);
    expect(codes(referenceDrift.run(series([9, 9, 9, 9]), p, { reference }))).toEqual([0, 0, 0, 0]);
  });
});
