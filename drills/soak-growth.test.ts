import { describe, expect, it } from "vitest";
import { growthOf, type Sample } from "./soak-growth";

const series = (name: string, values: number[]): Sample[] => values.map((value, i) => ({ series: name, minute: i + 1, value }));

describe("growthOf", () => {
  it("calls a steady climb growing and a plateau after warm-up flat", () => {
    const [climb, plateau] = growthOf([
      ...series("leak", [100, 120, 140, 160, 180, 200, 220, 240]),
      ...series("warm", [100, 180, 200, 205, 198, 202, 201, 199]),
    ]);
    expect(climb).toMatchObject({ series: "leak", growing: true, earlier: 150, later: 230 });
    expect(plateau).toMatchObject({ series: "warm", growing: false });
  });

  it("ignores small absolute changes and series too short to judge", () => {
    expect(growthOf(series("small", [5, 5, 6, 6, 7, 8, 9, 9]))[0].growing).toBe(false);
    expect(growthOf(series("short", [100, 300, 900]))[0].growing).toBe(false);
  });
});
