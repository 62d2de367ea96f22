import { createReadStream } from "node:fs";
import path from "node:path";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { LoggerFileError } from "./logger-file-error";
import { openLoggerFile, type OpenLoggerFileOptions } from "./open-logger-file";
import { sniffLoggerEncoding } from "./decode-logger-bytes";
import { parseLoggerNumber } from "./parse-logger-number";

const fixturePath = (name: string) => path.join(__dirname, "../../tests/fixtures/loggers", name);

async function readAll(source: AsyncIterable<Buffer> | string, options: Partial<OpenLoggerFileOptions> = {}) {
  const stream = typeof source === "string" ? createReadStream(fixturePath(source), { highWaterMark: 97 }) : source;
  const file = await openLoggerFile(stream, { timeZone: "UTC", ...options });
  const rows = [];
  for await (const row of file.rows) rows.push(row);
  return { ...file, rows };
}

async function refusal(source: string | AsyncIterable<Buffer>, options: Partial<OpenLoggerFileOptions> = {}): Promise<LoggerFileError> {
  try {
    await readAll(source, options);
  } catch (err) {
    if (err instanceof LoggerFileError) return err;
    throw err;
  }
  throw new Error("expected a LoggerFileError");
}

async function* chunks(...parts: Array<string | Buffer>) {
  for (const part of parts) yield Buffer.isBuffer(part) ? part : Buffer.from(part);
}

const iso = (ms: number) => new Date(ms).toISOString();

describe("logger files, streamed", () => {
  it("reads a TOA5 file as a CR1000X writes it: station, logger, units and processing rows, NAN as missing", async () => {
    const file = await readAll("toa5-mast-north.dat");
    expect(file.header).toMatchObject({
      format: "toa5",
      station: "MastNorth",
      loggerModel: "CR1000X",
      loggerSerial: "4821",
      table: "Ten_Min",
      firstDataLine: 4,
    });
    expect(file.columns.map((c) => [c.name, c.unit, c.processing]).slice(0, 3)).toEqual([
      ["Spd80mN", "m/s", "Avg"],
      ["Spd80mNStd", "m/s", "Std"],
      ["Spd80mNMax", "m/s", "Max"],
    ]);
    expect(file.columns.map((c) => c.name)).not.toContain("RECORD");
    expect(file.rows).toHaveLength(36);
    expect(file.rows[0]).toEqual({ line: 5, at: Date.parse("2025-01-09T00:10:00Z"), values: [6, 0.8, 8.5, 5.4, 200, 3.5, 80, 1012, 12.6] });
    expect(file.rows[20].values[5]).toBeNull();
    expect(file.report).toMatchObject({ rows: 36, intervalSeconds: 600, timeFormat: "ISO", duplicateRows: 0, conflicts: [], clockJumps: [], gaps: [] });
  });

  it("moves end-of-period stamps to the period start and reads the stamps in the logger's zone or offset", async () => {
    const end = await readAll("toa5-mast-north.dat", { timestampsAtEnd: true, timeZone: "+01:00" });
    expect(iso(end.rows[0].at)).toBe("2025-01-08T23:00:00.000Z");
    expect(end.report.shiftSeconds).toBe(600);
    const berlin = await readAll("toa5-mast-north.dat", { timestampsAtEnd: true, averagingSeconds: 300, timeZone: "Europe/Berlin" });
    expect(iso(berlin.rows[0].at)).toBe("2025-01-08T23:05:00.000Z");
  });

  it("reads a TOA5 file re-saved by a tool: unquoted, Timestamp, day-first stamps with an offset, once the format is given", async () => {
    const err = await refusal("toa5-resaved.csv");
    expect(err.message).toBe(
      'the times (e.g. "09/01/2025 03:10:00+00:00") could be read as "dd/MM/yyyy HH:mm:ss" or "MM/dd/yyyy HH:mm:ss": give the time format',
    );
    const file = await readAll("toa5-resaved.csv", { timeFormat: "dd/MM/yyyy HH:mm:ssZZ", timeZone: "America/New_York" });
    expect(file.header).toMatchObject({ format: "toa5", fields: ["Timestamp", "Record", "Spd80mN", "Spd80mNStd", "Dir78mS", "T2m"] });
    expect(iso(file.rows[0].at)).toBe("2025-01-09T03:10:00.000Z");
    // Without the offset in the format, the suffix is still honoured.
    const plain = await readAll("toa5-resaved.csv", { timeFormat: "dd/MM/yyyy HH:mm:ss", timeZone: "Asia/Tokyo" });
    expect(iso(plain.rows[11].at)).toBe("2025-01-09T05:00:00.000Z");
    expect((await refusal("toa5-resaved.csv", { timeFormat: "yyyy-MM-dd HH:mm" })).message).toBe(
      'row 5, column "Timestamp": "09/01/2025 03:10:00+00:00" does not match the time format "yyyy-MM-dd HH:mm"',
    );
  });

  it("detects a day-first format once a day above 12 appears, and refuses a file that never settles it", async () => {
    const late = [
      "timestamp,a",
      ...Array.from({ length: 40 }, (_, i) => `${String(1 + Math.floor(i / 3)).padStart(2, "0")}/01/2025 ${String(i % 3).padStart(2, "0")}:00,${i}`),
    ].join("\n");
    const file = await readAll(chunks(late));
    expect(file.report.timeFormat).toBe("d/M/yyyy H:mm");
    expect(iso(file.rows[0].at)).toBe("2025-01-01T00:00:00.000Z");
    expect(iso(file.rows[39].at)).toBe("2025-01-14T00:00:00.000Z");
    expect((await refusal("csv-ambiguous-dates.csv")).message).toMatch(/could be read as "dd\/MM\/yyyy HH:mm" or "MM\/dd\/yyyy HH:mm": give the time format/);
    expect((await refusal(chunks("timestamp,a\nyesterday,1\n"))).message).toBe(
      'row 2, column "timestamp": "yesterday" is not a date and time Gristmill can read by itself: give the time format (e.g. dd/MM/yyyy HH:mm)',
    );
    const us = await readAll(chunks("Date,Time,a\n1/13/2025,3:30 PM,1\n1/13/2025,3:40 PM,2\n"));
    expect(iso(us.rows[1].at)).toBe("2025-01-13T15:40:00.000Z");
  });

  it("reads a Windows-1252 semicolon file with title lines and decimal commas", async () => {
    expect((await refusal("csv-semicolon-1252.csv")).message).toMatch(/row 1: every column of the header row needs a name \(title lines above it/);
    const file = await readAll("csv-semicolon-1252.csv", { skipRows: 2, timeZone: "Europe/Berlin" });
    expect(file.report).toMatchObject({ encoding: "windows1252", delimiter: ";", decimalSeparator: ",", timeFormat: "d.M.yyyy H:mm", rows: 24 });
    expect(file.columns.map((c) => c.name)).toEqual(["Windgeschw. 80m [m/s]", "Temp. 2m [°C]", "Luftdruck [hPa]"]);
    expect(file.rows[1]).toEqual({ line: 5, at: Date.parse("2025-01-12T23:10:00Z"), values: [6.3, 3.55, 1012.1] });
  });

  it("reads UTF-16 with a BOM, tab-separated with quoted cells, ignoring columns not imported", async () => {
    const file = await readAll("tsv-utf16le.txt", { columns: ["Spd80mN", "Dir78mS"] });
    expect(file.report.encoding).toBe("utf16le");
    expect(file.columns.map((c) => c.name)).toEqual(["Spd80mN", "Dir78mS", "Bemerkung"]);
    expect(file.rows[2].values).toEqual([6.6, 206, null]);
    expect((await refusal("tsv-utf16le.txt")).message).toBe('row 2, column "Bemerkung": "Böe, stark" is not a number');
  });

  it("reads an NRG SymphoniePRO text export and a Windographer export, with its missing-data code", async () => {
    const nrg = await readAll("nrg-symphoniepro.txt");
    expect(nrg.header.format).toBe("nrg");
    expect(nrg.columns[0].name).toBe("Ch1_Anem_80.00m_N_Avg_m/s");
    expect(nrg.rows).toHaveLength(18);
    expect(nrg.rows[5].values[3]).toBeNull();
    expect(iso(nrg.rows[0].at)).toBe("2025-01-09T00:00:00.000Z");
    const wg = await readAll("windographer-export.txt");
    expect(wg.header).toMatchObject({ format: "windographer", delimiter: "\t", missingValues: ["-9999"] });
    expect(wg.columns.map((c) => c.name)).toEqual(["Speed 80 m N [m/s]", "Speed 80 m N SD [m/s]", "Direction 78 m S [°]", "Temperature 2 m [°C]"]);
    expect(wg.rows[3].values[2]).toBeNull();
    expect(wg.rows[4].values[2]).toBe(212);
  });

  it("reports a truncated last line, duplicated rows, a conflicting repeat, clock jumps and gaps", async () => {
    const cut = await readAll("toa5-truncated.dat");
    expect(cut.rows).toHaveLength(35);
    expect(cut.report.truncatedLastLine).toBe(40);

    const dup = await readAll("csv-duplicates.csv");
    expect(dup.rows).toHaveLength(12);
    expect(dup.report.duplicateRows).toBe(2);
    expect(dup.report.conflicts).toEqual([{ line: 16, firstLine: 11, at: Date.parse("2025-01-09T01:20:00Z") }]);
    expect(dup.rows.find((r) => r.at === Date.parse("2025-01-09T01:20:00Z"))!.values[0]).toBe(7.7);

    const jump = await readAll("csv-clock-jump.csv");
    expect(jump.report.clockJumps.map((j) => [j.line, iso(j.from), iso(j.to)])).toEqual([
      [14, "2025-01-09T02:00:00.000Z", "2025-01-09T01:42:00.000Z"],
      [20, "2025-01-09T02:32:00.000Z", "2025-01-09T05:10:00.000Z"],
    ]);
    expect(jump.report.gaps).toEqual([{ afterLine: 23, from: Date.parse("2025-01-09T05:40:00Z"), to: Date.parse("2025-01-09T06:50:00Z"), missing: 6 }]);
  });

  it("follows a TOA5 header repeated half-way with a new column, and refuses an extra cell without one", async () => {
    const file = await readAll("toa5-column-added.dat");
    expect(file.rows).toHaveLength(24);
    expect(file.report.columnsAdded).toEqual([{ line: 17, columns: ["Spd40mN"] }]);
    expect(file.columns.at(-1)).toMatchObject({ name: "Spd40mN", unit: "m/s", processing: "Avg" });
    expect(file.rows[11].values).toHaveLength(10);
    expect(file.rows[11].values[9]).toBeNull();
    expect(file.rows[12].values[9]).toBe(7);
    const err = await refusal("csv-extra-cell.csv");
    expect(err.message).toBe("row 8: has 4 cells, the header has 3: a column added half-way needs its own header row from there on");
  });

  it("refuses what it cannot read, naming the line", async () => {
    expect((await refusal(chunks("TOB1,x,y\n"))).message).toMatch(/binary TOB1 file: convert it to TOA5/);
    expect((await refusal(chunks('"TOA5","x"\n"RECORD","a"\n"",""\n"",""\n'))).message).toContain("TIMESTAMP");
    expect((await refusal(chunks("timestamp,a\n"))).message).toBe("the file has no data rows");
    expect((await refusal(chunks("timestamp,a\n2025-01-01 00:00,1\n2025-01-01 00:10,n/a\n2025-01-01 00:20,1\n"))).message).toBe(
      'row 3, column "a": "n/a" is not a number',
    );
    expect((await refusal(chunks('timestamp,a\n2025-01-01 00:00,1\n2025-01-01 00:10,"open\n'))).message).toMatch(/not valid delimited text: Quote Not Closed/);
    expect((await refusal(chunks("timestamp,a\n2025-01-01 00:00,1\n"), { timeZone: "Mars/Olympus" })).message).toMatch(/is not a time zone/);
  });

  it("keeps characters split across chunks whole and sniffs encodings", async () => {
    const bytes = Buffer.from("timestamp,Temp °C\n2025-01-01 00:00,1\n");
    const at = bytes.indexOf(0xc2) + 1;
    const file = await readAll(chunks(bytes.subarray(0, at), bytes.subarray(at)));
    expect(file.columns[0].name).toBe("Temp °C");
    expect(sniffLoggerEncoding(iconv.encode("Zeit;Temp °C\n", "utf16be"))).toBe("utf16be");
    expect(sniffLoggerEncoding(iconv.encode("Zeit;Temp °C\n", "win1252"))).toBe("windows1252");
    expect(sniffLoggerEncoding(Buffer.from("\uFEFFtimestamp"))).toBe("utf8");
  });

  it("parses numbers in one linear pass, decimal comma included", () => {
    expect([parseLoggerNumber("12.5"), parseLoggerNumber("-.5"), parseLoggerNumber("1e3"), parseLoggerNumber("3,25", ","), parseLoggerNumber("+7")]).toEqual([
      12.5, -0.5, 1000, 3.25, 7,
    ]);
    for (const bad of ["", ".", "1.2.3", "1e", "0x10", "1,5", " 1", "Infinity", "1e999"]) expect(parseLoggerNumber(bad)).toBeNull();
    const hostile = "1".repeat(200_000) + "x";
    const started = process.hrtime.bigint();
    expect(parseLoggerNumber(hostile)).toBeNull();
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(200);
  });

  it("holds memory bounded on a large file: rows stream out as they are read", async () => {
    async function* big() {
      yield Buffer.from("timestamp,a,b,c\n");
      for (let block = 0; block < 60; block++) {
        let text = "";
        for (let i = 0; i < 1000; i++) {
          const n = block * 1000 + i;
          text += `${new Date(Date.UTC(2025, 0, 1) + n * 600_000).toISOString()},${n},${n / 2},${n % 7}\n`;
        }
        yield Buffer.from(text);
      }
    }
    const file = await openLoggerFile(big(), { timeZone: "UTC" });
    let count = 0;
    let peak = 0;
    const base = process.memoryUsage().heapUsed;
    for await (const row of file.rows) {
      count++;
      if (row.line % 5_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - base);
    }
    expect(count).toBe(60_000);
    expect(file.report.lastAt).toBe(Date.UTC(2025, 0, 1) + 59_999 * 600_000);
    expect(peak).toBeLessThan(64 * 1024 * 1024);
  });
});
