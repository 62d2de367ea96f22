import { describe, expect, it } from "vitest";
import { formatDuration, runDuration } from "./format";

describe("durations", () => {
  it("reads at every scale", () => {
    expect([840, 12_400, 185_000, 7_440_000].map(formatDuration)).toEqual(["840 ms", "12.4 s", "3 min 5 s", "2 h 4 min"]);
    expect(formatDuration(null)).toBe("–");
  });
  it("counts a run from its start, up to now while it runs", () => {
    expect(runDuration({ startedAt: "2030-01-01T00:00:00Z", finishedAt: "2030-01-01T00:00:02.5Z" })).toBe(2_500);
    expect(runDuration({ startedAt: "2030-01-01T00:00:00Z", finishedAt: null }, Date.parse("2030-01-01T00:00:01Z"))).toBe(1_000);
    expect(runDuration({ startedAt: null, finishedAt: null })).toBeNull();
  });
});
