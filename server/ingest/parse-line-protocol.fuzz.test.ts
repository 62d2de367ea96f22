import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LineProtocolError, parseLineProtocol, type LinePoint } from "./parse-line-protocol";

const limits = { maxLineChars: 256 * 1024, maxFieldValueChars: 64 * 1024 };
// Generous: a linear parse of these inputs takes a few ms even on a busy machine; the quadratic one took seconds.
const BOUND_MS = 2_000; // generous for a loaded CI machine; the quadratic regex took minutes on these inputs

/** Parses or refuses with a LineProtocolError, within the bound, and every value read is one the protocol has. */
function parsesOrRefuses(body: string, bounds = limits): LinePoint[] | LineProtocolError {
  const started = performance.now();
  let result: LinePoint[] | LineProtocolError;
  try {
    result = parseLineProtocol(body, bounds);
  } catch (err) {
    if (!(err instanceof LineProtocolError)) throw err;
    result = err;
  }
  expect(performance.now() - started).toBeLessThan(BOUND_MS);
  if (Array.isArray(result)) {
    for (const point of result) {
      for (const value of Object.values(point.fields)) {
        expect(["number", "boolean", "string"]).toContain(typeof value);
        if (typeof value === "number") expect(Number.isFinite(value)).toBe(true);
      }
    }
  } else {
    expect(result.line).toBeGreaterThanOrEqual(1);
    expect(result.message).toContain(`line ${result.line}`);
  }
  return result;
}

const special = fc.constantFrom(
  " ",
  ",",
  "=",
  '"',
  "\\",
  "\n",
  "\r",
  "\r\n",
  "\0",
  "#",
  "\t",
  "i",
  "u",
  "e",
  "E",
  ".",
  "+",
  "-",
  "t",
  "f",
  "\u00e9",
  "\u{1F600}",
  "\uFEFF",
  "\uD800",
);
const token = fc.oneof(fc.string({ maxLength: 8 }), fc.string({ unit: "binary", maxLength: 8 }), special, fc.stringMatching(/^[0-9]{1,25}$/));
const digitRun = fc
  .tuple(fc.integer({ min: 1_000, max: 60_000 }), fc.constantFrom("", "x", "e", "e+", "E-", ".", ".5e", "i", "u", '"', "\0", "\r"))
  .map(([n, tail]) => "1".repeat(n) + tail);
const hugeExponent = fc.tuple(fc.constantFrom("1e", "1E-", ".5e+", "-9e"), fc.integer({ min: 300, max: 20_000 })).map(([head, n]) => head + "9".repeat(n));
const fieldValue = fc.oneof(token, digitRun, hugeExponent, fc.constantFrom("toString", "__proto__", "constructor", "hasOwnProperty", "valueOf"));
const line = fc
  .tuple(
    fc.constantFrom("m", "w,sensor=a", "cpu,host=x\\ y", ""),
    fc.array(fc.tuple(token, fieldValue), { minLength: 1, maxLength: 4 }),
    fc.oneof(
      fc.constant(""),
      token.map((t) => ` ${t}`),
      digitRun.map((t) => ` ${t}`),
    ),
  )
  .map(([head, fields, tail]) => `${head} ${fields.map(([k, v]) => `${k}=${v}`).join(",")}${tail}`);
const body = fc.array(fc.oneof(line, token), { minLength: 1, maxLength: 5 }).chain((lines) => fc.constantFrom("\n", "\r\n").map((eol) => lines.join(eol)));

describe("parseLineProtocol under hostile input", () => {
  it("parses or refuses random text, never hanging and never throwing anything else", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (text) => void parsesOrRefuses(text)),
      { numRuns: 2_000 },
    );
  });

  it("parses or refuses adversarial lines: long digit runs, huge exponents, quotes, escapes, NUL, CRLF, unicode, prototype names", () => {
    fc.assert(
      fc.property(body, (text) => void parsesOrRefuses(text)),
      { numRuns: 1_500 },
    );
  });

  it("refuses a 200,000-digit value in well under a second, naming the line (quadratic before: about a minute)", () => {
    for (const tail of ["", "x", "e"]) {
      const result = parsesOrRefuses(`m v=1 1\nm v=${"1".repeat(200_000)}${tail}`);
      expect(result).toBeInstanceOf(LineProtocolError);
      expect((result as LineProtocolError).line).toBe(2);
    }
    // With the caps lifted the number scan itself must be linear too.
    const lifted = parsesOrRefuses(`m v=${"1".repeat(200_000)}x`, { maxLineChars: 1_000_000, maxFieldValueChars: 1_000_000 });
    expect((lifted as LineProtocolError).reason).toContain("invalid number");
    const huge = parsesOrRefuses(`m v=${"1".repeat(200_000)}i 1${"0".repeat(200_000)}`, { maxLineChars: 1_000_000, maxFieldValueChars: 1_000_000 });
    expect((huge as LineProtocolError).reason).toContain("out of range");
  });

  it("refuses lines and field values over their limits, naming the line", () => {
    const small = { maxLineChars: 300, maxFieldValueChars: 100 };
    const long = parsesOrRefuses(`m v=1\nm v=1,${"x".repeat(300)}=2`, small) as LineProtocolError;
    expect([long.line, long.reason]).toEqual([2, "line is longer than 300 characters"]);
    const value = parsesOrRefuses(`m s="${"y".repeat(100)}"`, small) as LineProtocolError;
    expect([value.line, value.reason]).toEqual([1, 'value of field "s" is longer than 100 characters']);
    expect(parsesOrRefuses(`m s="${"y".repeat(98)}",v=${"1".repeat(100)}`, small)).toMatchObject([
      { fields: { s: "y".repeat(98), v: Number("1".repeat(100)) } },
    ]);
  });

  it("reads prototype names as what they are, not as booleans", () => {
    expect((parsesOrRefuses("m v=toString") as LineProtocolError).reason).toBe('invalid number "toString" in field "v"');
    expect((parsesOrRefuses("m v=__proto__") as LineProtocolError).reason).toBe('invalid number "__proto__" in field "v"');
    expect(parsesOrRefuses("m v=t,w=FALSE")).toMatchObject([{ fields: { v: true, w: false } }]);
  });
});
