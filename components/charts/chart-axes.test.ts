import { describe, expect, it } from "vitest";
import { timeAxis, valueWithUnit } from "./chart-axes";
import { reportTimeLabel } from "./report-time";

describe("chart time axes", () => {
  const from = Date.parse("2026-12-02T00:00:00Z");
  const to = from + 6 * 3_600_000;

  it("label the axis with the zone and its current short name, ticks and tooltips in the zone", () => {
    const axis = timeAxis("America/New_York", from, to);
    expect(axis.label).toBe("time (America/New York, EST)");
    expect(axis.tick(from)).toBe("19:00");
    expect(axis.tooltip(from)).toBe("2026-12-01 19:00 EST");
    expect(timeAxis("UTC", from, to).label).toBe("time (UTC)");
  });

  it("report ticks follow the resolution and the zone", () => {
    expect(reportTimeLabel("5m", "Europe/Berlin").tick(from)).toBe("01:00");
    expect(reportTimeLabel("1d", "Europe/Berlin").tick(from)).toBe("Dec 2");
    expect(reportTimeLabel("1h", "Europe/Berlin").tooltip(from)).toBe("window from 2026-12-02 01:00 GMT+1");
  });

  it("tooltip values carry their unit", () => {
    expect(valueWithUnit("°C")(21.456)).toBe("21.46 °C");
    expect(valueWithUnit("")(3)).toBe("3");
    expect(valueWithUnit("l/s")(null)).toBe("—"); // a gap is no reading, not zero
  });
});
