import { describe, expect, it } from "vitest";
import { codesToRanges, subtractRanges } from "./codes-to-ranges";
import { FAIL, SUSPECT } from "./tests/qc-test";

describe("codesToRanges", () => {
  const times = Float64Array.from([10, 20, 30, 40, 50, 60, 70]);
  it("joins consecutive readings with one code and splits where the code changes", () => {
    const codes = Uint8Array.from([0, SUSPECT, SUSPECT, FAIL, 0, FAIL, FAIL]);
    expect(codesToRanges(times, codes)).toEqual([
      { from: 20, to: 30, severity: "suspect" },
      { from: 40, to: 40, severity: "fail" },
      { from: 60, to: 70, severity: "fail" },
    ]);
  });
  it("keeps only readings inside the window", () => {
    const codes = Uint8Array.from([FAIL, FAIL, FAIL, 0, 0, 0, FAIL]);
    expect(codesToRanges(times, codes, { from: 20, to: 60 })).toEqual([{ from: 20, to: 30, severity: "fail" }]);
  });
});

describe("subtractRanges", () => {
  it("cuts holes out of ranges, inclusive at whole milliseconds", () => {
    const r = [
      { from: 0, to: 100, tag: "a" },
      { from: 200, to: 300, tag: "b" },
    ];
    expect(
      subtractRanges(r, [
        { from: 10, to: 20 },
        { from: 50, to: 250 },
      ]),
    ).toEqual([
      { from: 0, to: 9, tag: "a" },
      { from: 21, to: 49, tag: "a" },
      { from: 251, to: 300, tag: "b" },
    ]);
    expect(subtractRanges(r, [{ from: -5, to: 400 }])).toEqual([]);
  });
});
