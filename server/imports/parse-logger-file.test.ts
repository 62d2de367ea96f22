import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LoggerFileError } from "./logger-file-error";
import { parseLoggerFile } from "./parse-logger-file";
import { parseLoggerTimestamp } from "./parse-logger-timestamp";
import { splitCsvLine } from "./split-csv-line";

const fixture = (name: string) => readFileSync(path.join(__dirname, "../../tests/fixtures", name), "utf8");

function fileError(content: string, timeZone = "UTC"): LoggerFileError {
  try {
    parseLoggerFile(content, { timeZone });
  } catch (err) {
    if (err instanceof LoggerFileError) return err;
    throw err;
  }
  throw new Error("expected a LoggerFileError");
}

describe("logger files", () => {
  it("reads a TOA5 file's four-line header and its rows in the stated time zone, NAN as missing", () => {
    const { header, rows } = parseLoggerFile(fixture("campbell-table10.dat"), { timeZone: "America/New_York" });
    expect(header).toMatchObject({ format: "toa5", station: "MastNorth", table: "Table10", timestampIndex: 0, firstDataLine: 4 });
    expect(header.dataColumns.map((c) => [c.name, c.unit, c.processing])).toEqual([
      ["WS_ms_Avg", "meters/second", "Avg"],
      ["WindDir", "degrees", "Smp"],
      ["AirTC_Avg", "Deg C", "Avg"],
      ["BattV_Min", "Volts", "Min"],
    ]);
    expect(rows).toHaveLength(12);
    expect(rows[0]).toEqual({ row: 5, at: Date.parse("2026-01-01T05:10:00Z"), values: [4, 180, 3.5, 12.6] });
    expect(rows[5].values[2]).toBeNull();
  });

  it("reads a CSV file with a header row; empty cells are missing values", () => {
    const { header, rows } = parseLoggerFile(fixture("logger-water.csv"), { timeZone: "Europe/Berlin" });
    expect(header.format).toBe("csv");
    expect(header.dataColumns.map((c) => c.name)).toEqual(["fx-csv-flow", "fx-csv-pressure", "pump_state"]);
    expect(rows).toHaveLength(48);
    expect(rows[0].at).toBe(Date.parse("2026-02-28T23:00:00Z"));
    expect(rows[7].values[0]).toBeNull();
  });

  it("ignores the content of columns that are not imported", () => {
    const content = "time,a,notes\n2026-01-01T00:00:00Z,1,free text\n";
    expect(() => parseLoggerFile(content, { timeZone: "UTC" })).toThrow(/column "notes"/);
    expect(parseLoggerFile(content, { timeZone: "UTC", columns: ["a"] }).rows[0].values).toEqual([1, null]);
  });

  it("refuses a malformed file naming the row and column", () => {
    const err = fileError(fixture("logger-malformed.csv"));
    expect([err.row, err.column]).toEqual([6, "fx-csv-flow"]);
    expect(err.message).toBe('row 6, column "fx-csv-flow": "n/a" is not a number');
    expect(fileError("timestamp,a\nyesterday,1\n").message).toBe('row 2, column "timestamp": "yesterday" is not a date and time');
    expect(fileError("timestamp,a\n2026-01-01 00:00:00,1,2\n").message).toBe("row 2: has 3 cells, the header has 2");
    expect(fileError('"TOA5","x"\n"RECORD","a"\n"",""\n"",""\n').message).toContain("TIMESTAMP");
    expect(fileError("timestamp,a\n").message).toBe("the file has no data rows");
  });

  it("keeps an explicit offset and reads local times in the zone, DST included", () => {
    expect(parseLoggerTimestamp("2026-07-01T12:00:00+02:00", "America/New_York")).toBe(Date.parse("2026-07-01T10:00:00Z"));
    expect(parseLoggerTimestamp("2026-07-01 12:00:00", "Europe/Berlin")).toBe(Date.parse("2026-07-01T10:00:00Z"));
    expect(parseLoggerTimestamp("2026-01-01 12:00:00.5", "Europe/Berlin")).toBe(Date.parse("2026-01-01T11:00:00.500Z"));
    expect(parseLoggerTimestamp("not a time", "UTC")).toBeNull();
  });

  it("splits CSV lines with quoted fields and doubled quotes", () => {
    expect(splitCsvLine('"a,b","say ""hi""",3, 4 ,')).toEqual(["a,b", 'say "hi"', "3", "4", ""]);
    expect(splitCsvLine('"open')).toBeNull();
  });
});
