import { describe, expect, it } from "vitest";
import { axisTickFormatter, formatInZone, formatRelative, formatUtc, toZonedInput, fromZonedInput, usableZone, zoneAbbreviation } from "./time-format";

describe("formatInZone", () => {
  const at = "2026-12-02T05:11:20Z";

  it("writes the instant in the given zone, with the zone's short name", () => {
    expect(formatInZone(at, "UTC")).toBe("2026-12-02 05:11:20 UTC");
    expect(formatInZone(at, "Europe/Berlin")).toBe("2026-12-02 06:11:20 GMT+1");
    expect(formatInZone(at, "America/New_York")).toBe("2026-12-02 00:11:20 EST");
    expect(formatInZone(at, "Asia/Kolkata")).toBe("2026-12-02 10:41:20 GMT+5:30");
  });

  it("crosses the date line into the zone's own day", () => {
    expect(formatInZone(at, "Pacific/Auckland", "date")).toBe("2026-12-02");
    expect(formatInZone("2026-12-02T12:30:00Z", "Pacific/Auckland")).toBe("2026-12-03 01:30:00 GMT+13");
    expect(formatInZone("2026-12-02T03:00:00Z", "America/Los_Angeles", "date")).toBe("2026-12-01");
  });

  it("writes midnight as 00, not 24", () => {
    expect(formatInZone("2026-12-02T23:00:00Z", "Europe/Berlin", "time")).toBe("00:00:00");
  });

  it("follows daylight saving: the spring gap in Berlin", () => {
    expect(formatInZone("2026-03-29T00:59:59Z", "Europe/Berlin")).toBe("2026-03-29 01:59:59 GMT+1");
    expect(formatInZone("2026-03-29T01:00:00Z", "Europe/Berlin")).toBe("2026-03-29 03:00:00 GMT+2");
  });

  it("tells the repeated autumn hour in New York apart by its zone name", () => {
    expect(formatInZone("2026-11-01T05:30:00Z", "America/New_York")).toBe("2026-11-01 01:30:00 EDT");
    expect(formatInZone("2026-11-01T06:30:00Z", "America/New_York")).toBe("2026-11-01 01:30:00 EST");
  });

  it("has shorter styles", () => {
    expect(formatInZone(at, "Europe/Berlin", "minute")).toBe("2026-12-02 06:11 GMT+1");
    expect(formatInZone(at, "Europe/Berlin", "date")).toBe("2026-12-02");
    expect(formatInZone(at, "Europe/Berlin", "time")).toBe("06:11:20");
  });

  it("accepts Dates, ISO strings and epoch milliseconds alike, and a dash for nothing", () => {
    const ms = Date.parse(at);
    expect(formatInZone(new Date(ms), "UTC")).toBe(formatInZone(ms, "UTC"));
    expect(formatInZone(null, "UTC")).toBe("–");
    expect(formatInZone("not a date", "UTC")).toBe("–");
  });

  it("falls back to UTC for a zone the runtime does not know", () => {
    expect(usableZone("Mars/Olympus_Mons")).toBe("UTC");
    expect(usableZone(null)).toBe("UTC");
    expect(formatInZone(at, "Mars/Olympus_Mons")).toBe("2026-12-02 05:11:20 UTC");
  });
});

describe("formatUtc", () => {
  it("is the UTC instant for tooltips", () => {
    expect(formatUtc("2026-03-29T01:00:00.123Z")).toBe("2026-03-29 01:00:00 UTC");
    expect(formatUtc(undefined)).toBe("");
  });
});

describe("formatRelative", () => {
  const now = Date.parse("2026-12-02T05:00:00Z");
  it.each([
    [now - 2_000, "just now"],
    [now - 42_000, "42 s ago"],
    [now - 3 * 60_000, "3 min ago"],
    [now - 5 * 3_600_000, "5 h ago"],
    [now - 3 * 86_400_000, "3 d ago"],
    [now + 10 * 60_000, "in 10 min"],
  ])("%s reads %s", (at, expected) => {
    expect(formatRelative(at, now)).toBe(expected);
  });
  it("says never for no time", () => expect(formatRelative(null, now)).toBe("never"));
});

describe("axis ticks", () => {
  const at = "2026-12-02T05:15:00Z";
  it("are as fine as the span needs, in the zone", () => {
    expect(axisTickFormatter("Europe/Berlin", 6 * 3_600_000)(at)).toBe("06:15");
    expect(axisTickFormatter("Europe/Berlin", 3 * 86_400_000)(at)).toBe("Dec 2 06:15");
    expect(axisTickFormatter("America/New_York", 30 * 86_400_000)(at)).toBe("Dec 2");
  });
  it("name the zone for the axis label, per instant (DST)", () => {
    expect(zoneAbbreviation("Europe/Berlin", "2026-07-01T00:00:00Z")).toBe("GMT+2");
    expect(zoneAbbreviation("Europe/Berlin", "2026-12-01T00:00:00Z")).toBe("GMT+1");
  });
});

describe("date-time inputs in the user's zone", () => {
  it("writes and reads an input's wall-clock time in the zone, not the browser's", () => {
    const at = new Date("2026-12-02T05:11:20Z");
    expect(toZonedInput(at, "Europe/Berlin")).toBe("2026-12-02T06:11");
    expect(toZonedInput(at, "America/New_York")).toBe("2026-12-02T00:11");
    expect(fromZonedInput("2026-12-02T06:11", "Europe/Berlin")?.toISOString()).toBe("2026-12-02T05:11:00.000Z");
    expect(fromZonedInput("2026-07-01T06:11", "Europe/Berlin")?.toISOString()).toBe("2026-07-01T04:11:00.000Z");
  });

  it("round-trips a time across a zone's clock change, and gives nothing for empty or broken text", () => {
    const minute = new Date("2026-03-29T01:30:00Z");
    expect(fromZonedInput(toZonedInput(minute, "Europe/Berlin"), "Europe/Berlin")?.getTime()).toBe(minute.getTime());
    expect(fromZonedInput("", "UTC")).toBeNull();
    expect(fromZonedInput("yesterday", "UTC")).toBeNull();
    expect(toZonedInput(null, "UTC")).toBe("");
    // An unknown zone falls back to UTC rather than breaking the form.
    expect(toZonedInput(new Date("2026-12-02T05:11:20Z"), "Mars/Olympus")).toBe("2026-12-02T05:11");
  });
});
