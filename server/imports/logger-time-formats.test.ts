import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { candidateTimeFormats, loggerZone, narrowTimeFormats, parseLoggerTime, timeFormatsAmbiguous } from "./logger-time-formats";

const zone = (name: string) => loggerZone(name)!;

describe("logger time stamps", () => {
  it("keeps a stamp's own offset and reads the others in the zone or fixed offset", () => {
    expect(parseLoggerTime("2026-07-01T12:00:00+02:00", "ISO", zone("America/New_York"))).toBe(Date.parse("2026-07-01T10:00:00Z"));
    expect(parseLoggerTime("2026-07-01 12:00:00", "ISO", zone("Europe/Berlin"))).toBe(Date.parse("2026-07-01T10:00:00Z"));
    expect(parseLoggerTime("2026-01-01 12:00:00.5", "ISO", zone("Europe/Berlin"))).toBe(Date.parse("2026-01-01T11:00:00.500Z"));
    expect(parseLoggerTime("09/01/2025 15:30", "dd/MM/yyyy HH:mm", zone("UTC-05:00"))).toBe(Date.parse("2025-01-09T20:30:00Z"));
    expect(parseLoggerTime("09/01/2025 15:30 -0500", "dd/MM/yyyy HH:mm", zone("UTC"))).toBe(Date.parse("2025-01-09T20:30:00Z"));
    expect(parseLoggerTime("not a time", "ISO", zone("UTC"))).toBeNull();
    expect([loggerZone("Mars/Olympus"), loggerZone("+15:00")]).toEqual([null, null]);
  });

  it("agrees with luxon on every 10-minute stamp across DST changes, gaps and repeated hours included", () => {
    for (const name of ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"]) {
      for (const day of ["2026-03-08", "2026-03-29", "2026-10-25", "2026-11-01", "2026-04-05", "2026-10-04"]) {
        for (let minute = 0; minute < 24 * 60; minute += 10) {
          const stamp = `${day} ${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}:00`;
          expect(parseLoggerTime(stamp, "ISO", zone(name)), `${name} ${stamp}`).toBe(DateTime.fromSQL(stamp, { zone: name }).toMillis());
        }
      }
    }
  });

  it("narrows candidate formats stamp by stamp and calls day/month open until a day above 12", () => {
    let left = narrowTimeFormats(candidateTimeFormats, "09/01/2025 15:30", zone("UTC"));
    expect(timeFormatsAmbiguous(left)).toBe(true);
    left = narrowTimeFormats(left, "13/01/2025 15:30", zone("UTC"));
    expect(timeFormatsAmbiguous(left)).toBe(false);
    expect(left[0].format).toBe("d/M/yyyy H:mm");
    expect(narrowTimeFormats(candidateTimeFormats, "2025-01-09 15:30:00", zone("UTC")).map((c) => c.format)).toEqual(["ISO"]);
    expect(narrowTimeFormats(candidateTimeFormats, "1/13/2025 3:30:00 PM", zone("UTC"))[0]).toEqual({ format: "M/d/yyyy h:mm:ss a", order: "mdy" });
  });
});
