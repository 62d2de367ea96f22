import { describe, expect, it } from "vitest";
import type { QcSeries } from "../tests/qc-test";
import { evaluateRule, rollingStatistic } from "./evaluate-rule";
import { describeRule } from "./describe-rule";
import { qcRuleDefinition } from "./rule-schema";

const STEP = 600_000;
const at = (i: number) => i * STEP;
const series = (n: number, value: (i: number) => number, skip: (i: number) => boolean = () => false): QcSeries => {
  const idx = Array.from({ length: n }, (_, i) => i).filter((i) => !skip(i));
  return { times: Float64Array.from(idx.map(at)), values: Float64Array.from(idx.map(value)) };
};

/** 400 ten-minute stamps: cold from 200 to 260 and in 300–305; the speed's std is low from 210 to 240 and in 300–305. */
const cold = (i: number) => (i >= 200 && i <= 260) || (i >= 300 && i <= 305);
const still = (i: number) => (i >= 210 && i <= 240) || (i >= 300 && i <= 305);
const temperature = series(400, (i) => (cold(i) ? -2 : 6));
const speedStd = series(400, (i) => (still(i) ? 0.1 : 0.9));
const icing = qcRuleDefinition.parse({
  flag: ["Spd80mN", "Dir78mS"],
  conditions: [
    { point: "Spd80mNStd", op: "<", value: 0.25 },
    { point: "T2m", op: "<", value: 1 },
  ],
  forMinutes: 120,
});
const all = new Map([
  ["Spd80mNStd", speedStd],
  ["T2m", temperature],
]);
const everything = { from: -Infinity, to: Infinity };

describe("site rules", () => {
  it("flags where every condition held long enough, and not a shorter spell", () => {
    expect(evaluateRule(icing, all, everything)).toEqual([{ from: at(210), to: at(240) }]);
    // Without a duration the hour-long spell counts too.
    expect(evaluateRule({ ...icing, forMinutes: 0 }, all, everything)).toEqual([
      { from: at(210), to: at(240) },
      { from: at(300), to: at(305) },
    ]);
    // A spell of exactly the duration counts: 12 stamps of 10 minutes last 2 h.
    expect(evaluateRule({ ...icing, forMinutes: 60 }, all, everything)).toEqual([
      { from: at(210), to: at(240) },
      { from: at(300), to: at(305) },
    ]);
    expect(evaluateRule({ ...icing, forMinutes: 70 }, all, everything)).toEqual([{ from: at(210), to: at(240) }]);
  });

  it("matches any condition when asked", () => {
    expect(evaluateRule({ ...icing, match: "any", forMinutes: 0 }, all, everything)).toEqual([
      { from: at(200), to: at(260) },
      { from: at(300), to: at(305) },
    ]);
  });

  it("breaks a run where readings are missing", () => {
    const gappy = new Map([
      [
        "Spd80mNStd",
        series(
          400,
          (i) => (still(i) ? 0.1 : 0.9),
          (i) => i >= 220 && i <= 225,
        ),
      ],
      ["T2m", temperature],
    ]);
    // 210–219 lasts 100 min, 226–240 150 min.
    expect(evaluateRule(icing, gappy, everything)).toEqual([{ from: at(226), to: at(240) }]);
  });

  it("fails a condition whose point has no reading at the stamp", () => {
    const noTemperature = new Map([["Spd80mNStd", speedStd]]);
    expect(evaluateRule(icing, noTemperature, everything)).toEqual([]);
    expect(evaluateRule({ ...icing, match: "any" }, noTemperature, everything)).toEqual([{ from: at(210), to: at(240) }]);
    expect(evaluateRule(icing, new Map(), everything)).toEqual([]);
  });

  it("clips to the window but judges the duration with the history before it", () => {
    expect(evaluateRule(icing, all, { from: at(230), to: at(235) })).toEqual([{ from: at(230), to: at(235) }]);
    expect(evaluateRule(icing, all, { from: at(241), to: at(299) })).toEqual([]);
  });

  it("computes a trailing mean, std, min and max over irregular stamps as a brute force does", () => {
    let seed = 7;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const times: number[] = [];
    for (let t = 0; times.length < 500; t += 30_000 + Math.floor(rand() * 120_000)) times.push(t);
    const s: QcSeries = { times: Float64Array.from(times), values: Float64Array.from(times.map(() => 1000 + rand() * 5)) };
    const W = 10 * 60_000;
    for (const of of ["mean", "std", "min", "max"] as const) {
      const fast = rollingStatistic(s, of, W);
      for (let i = 0; i < times.length; i++) {
        const inside = Array.from(s.values).filter((_, j) => times[j] > times[i] - W && times[j] <= times[i]);
        const mean = inside.reduce((a, b) => a + b, 0) / inside.length;
        const want =
          of === "mean"
            ? mean
            : of === "min"
              ? Math.min(...inside)
              : of === "max"
                ? Math.max(...inside)
                : inside.length < 2
                  ? Number.NaN
                  : Math.sqrt(inside.reduce((a, b) => a + (b - mean) ** 2, 0) / inside.length);
        if (Number.isNaN(want)) expect(fast[i]).toBeNaN();
        else expect(fast[i]).toBeCloseTo(want, 9);
      }
    }
  });

  it("flags on a rolling std of the speed itself", () => {
    const speed = series(400, (i) => (still(i) ? 7 : 7 + (i % 2 ? 1 : -1)));
    const rule = qcRuleDefinition.parse({
      flag: ["Spd80mN"],
      conditions: [
        { point: "Spd80mN", of: "std", windowMinutes: 30, op: "<", value: 0.25 },
        { point: "T2m", op: "<", value: 1 },
      ],
      forMinutes: 120,
    });
    // A 30-minute window (three stamps) is still only once its oldest stamp is past the spell's start.
    expect(
      evaluateRule(
        rule,
        new Map([
          ["Spd80mN", speed],
          ["T2m", temperature],
        ]),
        everything,
      ),
    ).toEqual([{ from: at(212), to: at(240) }]);
  });

  it("reads as one line", () => {
    expect(describeRule(icing)).toBe("flag Spd80mN, Dir78mS (fail) while Spd80mNStd < 0.25 and T2m < 1 for 2 h");
    expect(
      describeRule({
        ...icing,
        conditions: [{ point: "Spd80mN", of: "std", windowMinutes: 10, op: "<=", value: 0.3 }],
        match: "any",
        forMinutes: 90,
        severity: "suspect",
      }),
    ).toBe("flag Spd80mN, Dir78mS (suspect) while std(Spd80mN, 10 min) <= 0.3 for 90 min");
  });

  it("refuses rules it cannot judge", () => {
    const bad = [
      { ...icing, conditions: [] },
      { ...icing, flag: [] },
      { ...icing, flag: ["A", "A"] },
      { ...icing, conditions: [{ point: "T2m", of: "std", op: "<", value: 1 }] },
      { ...icing, conditions: [{ point: "T2m", windowMinutes: 10, op: "<", value: 1 }] },
      { ...icing, conditions: [{ point: "T2m", op: "<", value: Number.NaN }] },
      { ...icing, conditions: [{ point: "T2m", op: "<", value: Number.POSITIVE_INFINITY }] },
      { ...icing, conditions: [{ point: "T2m", op: "!=", value: 1 }] },
      { ...icing, conditions: Array.from({ length: 9 }, () => ({ point: "T2m", op: "<", value: 1 })) },
      { ...icing, forMinutes: 1e9 },
      { ...icing, conditions: [{ point: "T2m", op: "<", value: 1, extra: true }] },
      { ...icing, flag: ["x".repeat(65)] },
    ];
    for (const b of bad) expect(qcRuleDefinition.safeParse(b).success, JSON.stringify(b).slice(0, 120)).toBe(false);
  });
});
