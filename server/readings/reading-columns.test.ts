import { describe, expect, it } from "vitest";
import { latestPerKey, readingColumnsOf } from "./reading-columns";

describe("reading columns", () => {
  const columns = readingColumnsOf([
    { key: "a", timeNs: 2_000_000n, value: 1 },
    { key: "b", timeNs: 5_500_000n, value: 2 },
    { key: "a", timeNs: 1_000_000n, value: 3 },
    { key: "a", timeNs: 2_000_000n, value: 4 },
  ]);

  it("keeps each key once, and per reading its key's index, its time in ns and in whole ms, and its value", () => {
    expect(columns.keys).toEqual(["a", "b"]);
    expect([...columns.keyIndex]).toEqual([0, 1, 0, 0]);
    expect([...columns.timesNs]).toEqual([2_000_000n, 5_500_000n, 1_000_000n, 2_000_000n]);
    expect([...columns.timesMs]).toEqual([2, 5, 1, 2]);
    expect([...columns.values]).toEqual([1, 2, 3, 4]);
  });

  it("finds each key's newest reading, the later of two at the same time winning as it overwrites", () => {
    expect(latestPerKey(columns)).toEqual([
      { key: "a", at: new Date(2), value: 4 },
      { key: "b", at: new Date(5), value: 2 },
    ]);
  });
});
