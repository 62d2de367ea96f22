import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { LoggerFileError } from "./logger-file-error";
import { openLoggerFile, type LoggerFileRow, type OpenLoggerFileOptions } from "./open-logger-file";

// Generous: a linear read of these inputs takes a few ms (tens on a machine shared with other suites);
// a quadratic one takes seconds.
const BOUND_MS = 1_000;

async function* once(text: string | Buffer) {
  yield Buffer.isBuffer(text) ? text : Buffer.from(text);
}

/** Reads or refuses with a LoggerFileError, within the bound; every value read is a finite number or missing. */
async function readsOrRefuses(content: string | Buffer, options: Partial<OpenLoggerFileOptions> = {}): Promise<LoggerFileRow[] | LoggerFileError> {
  const started = performance.now();
  let result: LoggerFileRow[] | LoggerFileError;
  try {
    const file = await openLoggerFile(once(content), { timeZone: "Europe/Berlin", ...options });
    const rows: LoggerFileRow[] = [];
    for await (const row of file.rows) rows.push(row);
    result = rows;
  } catch (err) {
    if (!(err instanceof LoggerFileError)) throw err;
    result = err;
  }
  expect(performance.now() - started).toBeLessThan(BOUND_MS);
  if (!(result instanceof LoggerFileError)) {
    for (const row of result) {
      expect(Number.isFinite(row.at)).toBe(true);
      for (const value of row.values) if (value !== null) expect(Number.isFinite(value)).toBe(true);
    }
  }
  return result;
}

const special = fc.constantFrom(
  `"${"0".repeat(5_000)}1 "`,
  ",",
  ";",
  "\t",
  '"',
  '""',
  "\\",
  "\n",
  "\r",
  "\r\n",
  "\0",
  " ",
  "NAN",
  "INF",
  "-",
  "+",
  ".",
  "e",
  "\u00e9",
  "\u{1F600}",
  "\uFEFF",
  "\uD800",
  "toString",
  "__proto__",
  "TOA5",
  "Timestamp",
);
const digitRun = fc.tuple(fc.integer({ min: 500, max: 60_000 }), fc.constantFrom("", "x", "e", "e+", ".", '"', "\0")).map(([n, tail]) => "1".repeat(n) + tail);
const hugeExponent = fc.tuple(fc.constantFrom("1e", "1E-", ".5e+"), fc.integer({ min: 300, max: 20_000 })).map(([head, n]) => head + "9".repeat(n));
const stamp = fc.oneof(
  fc.date({ min: new Date("1990-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom(
    "2026-03-29 02:30:00",
    "09/01/2025 15:30:00+00:00",
    "2026-01-01T00:00:00+14:00",
    "2026-01-01T" + "0".repeat(2_000),
    "2026-" + "1".repeat(5_000),
    "T".repeat(3_000),
  ),
  fc.string({ maxLength: 30 }),
);
const cell = fc.oneof(fc.string({ maxLength: 8 }), fc.string({ unit: "binary", maxLength: 8 }), special, fc.double().map(String), digitRun, hugeExponent);
const row = fc.tuple(stamp, cell, cell).map((cells) => cells.join(","));
const file = fc
  .tuple(
    fc.constantFrom(
      "timestamp,a,b",
      '"TOA5","st","x","x","x","x","x","T"\n"TIMESTAMP","RECORD","a"\n"TS","RN","u"\n"","","Avg"',
      "Windographer\nDate/Time\ta\tb\t",
      "SymphoniePRO\nTimestamp\tCh1_a\tCh2_b",
      "a,b,c",
      "",
    ),
    fc.array(row, { minLength: 0, maxLength: 6 }),
    fc.constantFrom("\n", "\r\n"),
  )
  .map(([header, rows, eol]) => [header, ...rows].join(eol));

describe("openLoggerFile under hostile input", () => {
  // Luxon's zone data and csv-parse load on first use: not part of any one input's cost.
  beforeAll(async () => void (await readsOrRefuses("timestamp,a\n2026-01-01 00:00,1\n09/01/2025 15:30,2\n")));

  it("reads or refuses random text and bytes, never hanging and never throwing anything else", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary", maxLength: 300 }), async (text) => void (await readsOrRefuses(text))),
      { numRuns: 500 },
    );
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => void (await readsOrRefuses(Buffer.from(bytes)))),
      { numRuns: 300 },
    );
  });

  it("reads or refuses adversarial files: long digit runs, huge exponents, long stamps, quotes, NUL, CRLF, unicode, headers of every format", async () => {
    await fc.assert(
      fc.asyncProperty(file, async (text) => void (await readsOrRefuses(text))),
      { numRuns: 150 },
    );
  });

  it("refuses a 200,000-digit cell quickly, naming its row and column", async () => {
    for (const value of [`"${"0".repeat(200_000)}1 "`, "1".repeat(200_000), `${"1".repeat(200_000)}x`]) {
      const result = await readsOrRefuses(`timestamp,a\n2026-01-01T00:00:00Z,1\n2026-01-01T00:01:00Z,${value}\n`, { maxLineChars: 300_000 });
      expect(result).toBeInstanceOf(LoggerFileError);
      expect((result as LoggerFileError).row).toBe(3);
    }
    // With the cell cap lifted (the line cap still holds), the number scan itself must be linear too.
    const lifted = await readsOrRefuses(`timestamp,a\n2026-01-01T00:00:00Z,"${"0".repeat(60_000)}1 "\n`, { maxCellChars: 1_000_000 });
    expect(lifted).toMatchObject({ row: 2, column: "a", problem: expect.stringContaining("is not a number") });
  });

  it("refuses a cell or a line over its limit, naming the row (and column)", async () => {
    const cellTooLong = (await readsOrRefuses(`timestamp,a\n2026-01-01T00:00:00Z,${"9".repeat(101)}\n`, { maxCellChars: 100 })) as LoggerFileError;
    expect([cellTooLong.row, cellTooLong.column, cellTooLong.problem]).toEqual([2, "a", `"${"9".repeat(40)}"… is longer than 100 characters`]);
    const stampTooLong = (await readsOrRefuses(`timestamp,a\n${"2".repeat(101)},1\n`, { maxCellChars: 100 })) as LoggerFileError;
    expect([stampTooLong.row, stampTooLong.column]).toEqual([2, "timestamp"]);
    const lineTooLong = (await readsOrRefuses(`timestamp,a\n2026-01-01T00:00:00Z,1\n2026-01-01T00:01:00Z,1,${"x".repeat(70_000)}\n`)) as LoggerFileError;
    expect([lineTooLong.row, lineTooLong.problem]).toEqual([3, "is longer than 65536 characters"]);
    const headerTooLong = (await readsOrRefuses(`timestamp,${"a".repeat(70_000)}\n`)) as LoggerFileError;
    expect([headerTooLong.row, headerTooLong.problem]).toEqual([1, "is longer than 65536 characters"]);
    expect(await readsOrRefuses(`timestamp,a\n2026-01-01T00:00:00Z,${"9".repeat(100)}\n`, { maxCellChars: 100 })).toMatchObject([
      { values: [Number("9".repeat(100))] },
    ]);
  });
});
