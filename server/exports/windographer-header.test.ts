import { describe, expect, it } from "vitest";
import { windographerHeader } from "./windographer-header";

describe("Windographer header block", () => {
  it("carries creator, position, calm threshold, flags and the time-step convention, in Windographer's layout", () => {
    const text = windographerHeader({
      createdAt: new Date(Date.UTC(2026, 11, 2, 14, 36, 20)),
      latitude: 53.2,
      longitude: -7.5,
      elevationM: 210.25,
      flagged: "remove",
    });
    expect(text).toBe(
      [
        "Created 2026-12-02 14:36 UTC by Gristmill",
        "",
        "Latitude = N 53.200000",
        "Longitude = W 7.500000",
        "Elevation = 210.3 m",
        "Calm threshold = 0 m/s",
        "",
        "Included flags: <Unflagged data>",
        "Excluded flags: Gristmill flags",
        "",
        "Time stamps indicate the beginning of the time step.",
        "",
        "",
      ].join("\n"),
    );
  });

  it("southern latitudes, eastern longitudes; unknown position left out, not written as 0", () => {
    const text = windographerHeader({ createdAt: new Date(0), latitude: -33.9, longitude: 18.4, elevationM: null, flagged: "flag-column" });
    expect(text).toContain("Latitude = S 33.900000\nLongitude = E 18.400000\nCalm threshold");
    expect(windographerHeader({ createdAt: new Date(0), latitude: null, longitude: null, elevationM: null, flagged: "blank" })).not.toMatch(
      /Latitude|Longitude|Elevation/,
    );
    expect(text).toContain("Included flags: <Unflagged data>, Gristmill flags (1 in the Flag columns)\nExcluded flags: <none>");
  });
});
