import { describe, expect, it } from "vitest";
import { quantityEntryName, readingsCsvRows } from "./readings-csv";

describe("readings CSV", () => {
  it("writes ISO-8601 UTC times and quotes the free-text fields", () => {
    const rows = readingsCsvRows({ key: 'a,"b"', unit: "m/s" }, [
      { time: Date.UTC(2026, 0, 1, 0, 5), value: 1.5 },
      { time: Date.UTC(2026, 0, 1, 0, 6), value: -2 },
    ]);
    expect(rows).toBe('2026-01-01T00:05:00.000Z,"a,""b""",1.5,"m/s"\n2026-01-01T00:06:00.000Z,"a,""b""",-2,"m/s"\n');
  });

  it.each(['=HYPERLINK("http://x","y")', "+1+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx"])("defuses a key or unit starting like a formula: %j", (text) => {
    const [row] = readingsCsvRows({ key: text, unit: text }, [{ time: 0, value: 1 }]).split("\n");
    const quoted = `"'${text.replaceAll('"', '""')}"`;
    expect(row).toBe(`1970-01-01T00:00:00.000Z,${quoted},1,${quoted}`);
  });

  it("names entries safely", () => {
    expect(quantityEntryName("wind_speed")).toBe("wind_speed.csv");
    expect(quantityEntryName("../etc/passwd")).toBe("__etc_passwd.csv");
    expect(quantityEntryName("")).toBe("unknown.csv");
  });
});
