import { describe, expect, it } from "vitest";
import {
  offsetHours,
  orientationDegrees,
  orientationOfDegrees,
  readGristmillNote,
  task43LoggerOem,
  task43Unit,
  unitOfTask43,
  withGristmillNote,
  zoneOfOffsetHours,
} from "./task43-mapping";

describe("Task 43 mapping of our fields", () => {
  it("names makers as Task 43's OEM list does, and anything else Other", () => {
    expect(["Campbell", "Campbell Scientific", "campbell scientific inc", "NRG", "Ammonit", "Kipp & Zonen"].map(task43LoggerOem)).toEqual([
      "Campbell Scientific",
      "Campbell Scientific",
      "Campbell Scientific",
      "NRG Systems",
      "Ammonit",
      "Other",
    ]);
  });

  it("turns compass points into boom degrees and back, keeping bearings that are no compass point", () => {
    expect(["N", "ne", "SSW", "270", "top", "", null].map(orientationDegrees)).toEqual([0, 45, 202.5, 270, null, null, null]);
    expect([0, 45, 202.5, 310, null].map(orientationOfDegrees)).toEqual(["N", "NE", "SSW", "310", null]);
  });

  it("gives fixed zones an offset in hours, and none to a zone with summer time", () => {
    expect(["UTC", "+01:00", "-05:30", "Europe/Berlin"].map(offsetHours)).toEqual([0, 1, -5.5, null]);
    expect([0, 1, -5.5].map(zoneOfOffsetHours)).toEqual(["UTC", "+01:00", "-05:30"]);
  });

  it("maps units to Task 43's ids and back, and has none for units outside its list", () => {
    expect(["°C", "m/s", "W/m²", "m³/h"].map(task43Unit)).toEqual(["deg_C", "m/s", "W/m^2", null]);
    expect(["deg_C", "W/m^2", "hPa"].map(unitOfTask43)).toEqual(["°C", "W/m²", "hPa"]);
  });

  it("carries what Task 43 has no field for in the notes, and reads it back beside the person's own notes", () => {
    const notes = withGristmillNote("Boom replaced in May.", { quantity: "flow", unit: "m³/h" });
    expect(readGristmillNote(notes)).toEqual({ notes: "Boom replaced in May.", extra: { quantity: "flow", unit: "m³/h" } });
    expect(withGristmillNote(null, {})).toBeNull();
    expect(readGristmillNote("gristmill {not json")).toEqual({ notes: "gristmill {not json", extra: {} });
    expect(readGristmillNote('gristmill {"quantity": {"nested": 1}, "unit": "V"}').extra).toEqual({ unit: "V" });
  });
});
