import { describe, expect, it } from "vitest";
import { seededRandom } from "../synthetic-series";
import { emptyWindow, madOfSorted, medianOf, medianOfSorted, pushValue, valuesInOrder } from "./robust-window";

describe("rolling robust window", () => {
  it("keeps the last N values, sorted, with the exact median and MAD, through thousands of evictions", () => {
    const random = seededRandom(9);
    const w = emptyWindow(7);
    const all: number[] = [];
    for (let i = 0; i < 5000; i++) {
      // Rounded values, so ties (the hard case for in-place replacement) happen often.
      const x = Math.round(random() * 20) / 2;
      const evicted = pushValue(w, x);
      all.push(x);
      const expected = all.slice(-7);
      expect(evicted).toBe(all.length > 7 ? all[all.length - 8] : undefined);
      expect(valuesInOrder(w)).toEqual(expected);
      expect(w.sorted).toEqual([...expected].sort((a, b) => a - b));
      const median = medianOf(expected);
      expect(medianOfSorted(w.sorted)).toBe(median);
      expect(madOfSorted(w.sorted, median)).toBe(medianOf(expected.map((v) => Math.abs(v - median))));
    }
  });

  it("computes the MAD of an even-sized window", () => {
    expect(madOfSorted([1, 2, 4, 8], 3)).toBe(1.5);
  });
});
