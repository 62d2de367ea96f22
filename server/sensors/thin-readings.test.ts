import { describe, expect, it } from "vitest";
import { thinReadings } from "./thin-readings";

describe("thinReadings", () => {
  const series = Array.from({ length: 10_000 }, (_, i) => ({ time: i * 1000, value: Math.sin(i / 100) }));

  it("leaves a short series alone", () => expect(thinReadings(series.slice(0, 100), 500)).toEqual(series.slice(0, 100)));

  it("keeps at most maxPoints, in time order, and keeps a one-reading spike", () => {
    const spiked = series.map((r) => (r.time === 4_321_000 ? { ...r, value: 50 } : r));
    const thin = thinReadings(spiked, 1_000);
    expect(thin.length).toBeLessThanOrEqual(1_000);
    expect(thin.map((r) => r.time)).toEqual([...thin.map((r) => r.time)].sort((a, b) => a - b));
    expect(thin).toContainEqual({ time: 4_321_000, value: 50 });
    expect(Math.min(...thin.map((r) => r.value))).toBeCloseTo(-1, 3);
  });
});
