import { describe, expect, it } from "vitest";
import { sensorStatus } from "./sensor-status";

describe("sensorStatus", () => {
  const now = Date.UTC(2026, 10, 23, 12);
  const at = (secondsAgo: number) => new Date(now - secondsAgo * 1000);
  const status = (secondsAgo: number | null, intervalSeconds = 60) =>
    sensorStatus({ lastReadingAt: secondsAgo === null ? null : at(secondsAgo), intervalSeconds, now });

  it("is SILENT for a sensor that never reported", () => expect(status(null)).toBe("SILENT"));
  it("is OK up to exactly interval × 3", () => {
    expect(status(0)).toBe("OK");
    expect(status(180)).toBe("OK");
  });
  it("is LATE just past interval × 3 and still at exactly interval × 30", () => {
    expect(status(180.001)).toBe("LATE");
    expect(status(1800)).toBe("LATE");
  });
  it("is SILENT just past interval × 30", () => expect(status(1800.001)).toBe("SILENT"));
  it("scales with the sensor's interval", () => {
    expect(status(600, 600)).toBe("OK");
    expect(status(600, 60)).toBe("LATE");
  });
  it("treats a reading stamped in the future as OK", () => expect(status(-30)).toBe("OK"));
});
