import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LoggerFileError } from "./logger-file-error";
import { parseLoggerFile, type ParsedLoggerFile } from "./parse-logger-file";

// Generous: a linear parse of these inputs takes a few ms even on a busy machine; the quadratic one took seconds.
const BOUND_MS = 250;

/** Parses or refuses with a LoggerFileError, within the bound; every value read is a finite number or missing. */
function parsesOrRefuses(content: string, options: { maxCellChars?: number } = {}): ParsedLoggerFile | LoggerFileError {
  const started = performance.now();
  let result: ParsedLoggerFile | LoggerFileError;
  try {
    result = parseLoggerFile(content, { timeZone: "Europe/Berlin", ...options });
  } catch (err) {
    if (!(err instanceof LoggerFileError)) throw err;
    result = err;
  }
  expect(performance.now() - started).toBeLessThan(BOUND_MS);
  if (!(result instanceof LoggerFileError)) {
    for (const row of result.rows) {
      expect(Number.isFinite(row.at)).toBe(true);
      for (const value of row.values) if (value !== null) expect(Number.isFinite(value)).toBe(true);
    }
  }
  return result;
}

const special = fc.constantFrom(`"${"0".repeat(5_000)}1 "`, ",", '"', '""', "\\", "\n", "\r", "\r\n", "\0", " ", "NAN", "INF", "-", "+", ".", "e", "\u00e9", "\u{1F600}", "\uFEFF", "\uD800", "toString", "__proto__");
const digitRun = fc.tuple(fc.integer({ min: 500, max: 60_000 }), fc.constantFrom("", "x", "e", "e+", ".", '"', "\0")).map(([n, tail]) => "1".repeat(n) + tail);
const hugeExponent = fc.tuple(fc.constantFrom("1e", "1E-", ".5e+"), fc.integer({ min: 300, max: 20_000 })).map(([head, n]) => head + "9".repeat(n));
const stamp = fc.oneof(
  fc.date({ min: new Date("1990-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom("2026-03-29 02:30:00", "2026-01-01T00:00:00+14:00", "2026-01-01T" + "0".repeat(2_000), "2026-" + "1".repeat(5_000), "T".repeat(3_000)),
  fc.string({ maxLength: 30 }),
);
const cell = fc.oneof(fc.string({ maxLength: 8 }), fc.string({ unit: "binary", maxLength: 8 }), special, fc.double().map(String), digitRun, hugeExponent);
const row = fc.tuple(stamp, cell, cell).map((cells) => cells.join(","));
const file = fc
  .tuple(fc.constantFrom("timestamp,a,b", '"TOA5","st","x","x","x","x","x","T"\n"TIMESTAMP","RECORD","a"\n"TS","RN","u"\n"","","Avg"', "a,b,c", ""), fc.array(row, { minLength: 0, maxLength: 6 }), fc.constantFrom("\n", "\r\n"))
  .map(([header, rows, eol]) => [header, ...rows].join(eol));

describe("parseLoggerFile under hostile input", () => {
  it("parses or refuses random text, never hanging and never throwing anything else", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 300 }), (text) => void parsesOrRefuses(text)), { numRuns: 2_000 });
  });

  it("parses or refuses adversarial files: long digit runs, huge exponents, long timestamps, quotes, NUL, CRLF, unicode", () => {
    fc.assert(fc.property(file, (text) => void parsesOrRefuses(text)), { numRuns: 1_000 });
  });

  it("refuses a 200,000-digit cell in well under a second, naming its row and column (quadratic before: about a minute)", () => {
    // Leading zeros and a trailing space inside quotes: a finite Number() that the old pattern then backtracked over.
    for (const value of [`"${"0".repeat(200_000)}1 "`, "1".repeat(200_000), `${"1".repeat(200_000)}x`]) {
      const result = parsesOrRefuses(`timestamp,a\n2026-01-01T00:00:00Z,1\n2026-01-01T00:01:00Z,${value}\n`);
      expect(result).toBeInstanceOf(LoggerFileError);
      expect((result as LoggerFileError).row).toBe(3);
    }
    // With the cell cap lifted (the line cap still holds), the number scan itself must be linear too.
    const lifted = parsesOrRefuses(`timestamp,a\n2026-01-01T00:00:00Z,"${"0".repeat(60_000)}1 "\n`, { maxCellChars: 1_000_000 });
    expect(lifted).toMatchObject({ row: 2, column: "a", problem: expect.stringContaining("is not a number") });
  });

  it("refuses a cell or a line over its limit, naming the row (and column)", () => {
    const cellTooLong = parsesOrRefuses(`timestamp,a\n2026-01-01T00:00:00Z,${"9".repeat(101)}\n`, { maxCellChars: 100 }) as LoggerFileError;
    expect([cellTooLong.row, cellTooLong.column, cellTooLong.problem]).toEqual([2, "a", `"${"9".repeat(40)}"… is longer than 100 characters`]);
    const stampTooLong = parsesOrRefuses(`timestamp,a\n${"2".repeat(101)},1\n`, { maxCellChars: 100 }) as LoggerFileError;
    expect([stampTooLong.row, stampTooLong.column]).toEqual([2, "timestamp"]);
    const lineTooLong = parsesOrRefuses(`timestamp,a\n2026-01-01T00:00:00Z,1\n2026-01-01T00:01:00Z,1,${"x".repeat(70_000)}\n`) as LoggerFileError;
    expect([lineTooLong.row, lineTooLong.problem]).toEqual([3, "is longer than 65536 characters"]);
    expect(parsesOrRefuses(`timestamp,a\n2026-01-01T00:00:00Z,${"9".repeat(100)}\n`, { maxCellChars: 100 })).toMatchObject({ rows: [{ values: [Number("9".repeat(100))] }] });
  });
});
