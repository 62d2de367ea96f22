import { describe, expect, it } from "vitest";
import type { WideRowCells } from "./export-cell";
import { longHeaderLine, longRows } from "./long-rows";
import { stationFileLayout } from "./station-export-schemas";
import { wideHeaderLine, wideRows } from "./wide-rows";

const T0 = Date.UTC(2026, 2, 1, 0, 0);
const MIN = 60_000;
// Two time steps given out of order; the second point is flagged at 00:10 and missing at 00:00.
const rows = new Map<number, WideRowCells>([
  [
    T0 + 10 * MIN,
    [
      { value: 7.5, flagged: false },
      { value: 1.25, flagged: true },
    ],
  ],
  [T0, [{ value: 10 * 1.1, flagged: false }, undefined]],
]);
const layout = (format: "windographer-txt" | "csv" | "long", flagged: "remove" | "blank" | "flag-column", delimiter?: "," | ";" | "tab", decimal?: "." | ",") =>
  stationFileLayout({ format, flagged, delimiter, decimal });

describe("wide rows", () => {
  it("writes tab-delimited Windographer lines: timestamp first, flagged blank, float noise trimmed", () => {
    const l = layout("windographer-txt", "blank");
    expect(wideHeaderLine(["Spd80mN", "Spd80mNStd"], l)).toBe("Date/Time\tSpd80mN\tSpd80mNStd\n");
    expect(wideRows(rows, 2, l)).toEqual({ text: "2026-03-01 00:00:00\t11\t\n2026-03-01 00:10:00\t7.5\t\n", rows: 2 });
  });

  it("CSV with ; and decimal comma, names quoted and formula-defused", () => {
    const l = layout("csv", "blank", ";", ",");
    expect(wideHeaderLine(["Spd80mN", "=cmd"], l)).toBe(`"Timestamp (UTC)";"Spd80mN";"'=cmd"\n`);
    expect(wideRows(rows, 2, l).text).toBe("2026-03-01 00:00:00;11;\n2026-03-01 00:10:00;7,5;\n");
  });

  it("a flag column per point: the value kept, 1 where flagged, 0 where not, empty where no reading", () => {
    const l = layout("csv", "flag-column", "tab");
    expect(wideHeaderLine(["A", "B"], l)).toBe(`"Timestamp (UTC)"\t"A"\t"AFlag"\t"B"\t"BFlag"\n`);
    expect(wideRows(rows, 2, l).text).toBe("2026-03-01 00:00:00\t11\t0\t\t\n2026-03-01 00:10:00\t7.5\t0\t1.25\t1\n");
  });

  it("remove drops a time step only when every reading in it is flagged", () => {
    const l = layout("csv", "remove");
    const allFlagged = new Map<number, WideRowCells>([...rows, [T0 + 20 * MIN, [{ value: 1, flagged: true }, undefined]]]);
    expect(wideRows(allFlagged, 2, l)).toEqual({ text: "2026-03-01 00:00:00,11,\n2026-03-01 00:10:00,7.5,\n", rows: 2 });
  });

  it("keeps tabs and line breaks of a point name out of the text file's header", () => {
    expect(wideHeaderLine(["a\tb\nc"], layout("windographer-txt", "remove"))).toBe("Date/Time\ta b c\n");
  });
});

describe("long rows", () => {
  const points = [
    { name: "Spd80mN", sensorKey: "m1.Spd80mN", unit: "m/s" },
    { name: "Dir78m", sensorKey: "m1.Dir78m", unit: "°" },
  ];
  it("one reading per line by time then point; remove, blank and flag-column", () => {
    expect(longHeaderLine("remove")).toBe("time,point,sensor_key,value,unit\n");
    expect(longRows(rows, points, "remove")).toEqual({
      text: '2026-03-01T00:00:00.000Z,"Spd80mN","m1.Spd80mN",11,"m/s"\n2026-03-01T00:10:00.000Z,"Spd80mN","m1.Spd80mN",7.5,"m/s"\n',
      rows: 2,
    });
    expect(longRows(rows, points, "blank").text.split("\n")[2]).toBe('2026-03-01T00:10:00.000Z,"Dir78m","m1.Dir78m",,"°"');
    expect(longHeaderLine("flag-column")).toBe("time,point,sensor_key,value,unit,flagged\n");
    expect(longRows(rows, points, "flag-column").text.split("\n")[2]).toBe('2026-03-01T00:10:00.000Z,"Dir78m","m1.Dir78m",1.25,"°",1');
  });
});
