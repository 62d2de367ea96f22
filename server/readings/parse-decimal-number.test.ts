import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDecimalNumber } from "./parse-decimal-number";

// The grammar the parser replaces (safe here: inputs are short).
const GRAMMAR = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const numberish = fc.string({ unit: fc.constantFrom("0", "1", "9", ".", "e", "E", "+", "-", " ", "x", "_", "\u0663"), maxLength: 12 });

describe("parseDecimalNumber", () => {
  it.each([
    ["12.5", 12.5],
    ["-1.5e3", -1500],
    ["+7", 7],
    ["1.", 1],
    [".5", 0.5],
    ["0012", 12],
    ["1E-2", 0.01],
    ["1e+2", 100],
  ])("reads %j as %d", (text, value) => {
    expect(parseDecimalNumber(text)).toBe(value);
  });

  it.each(["", "+", "-", ".", "e5", "1e", "1e+", "1..2", " 1", "1 ", "NaN", "Infinity", "0x10", "1_000", "١", "--1", "1e5.5"])("refuses %j", (text) => {
    expect(parseDecimalNumber(text)).toBeUndefined();
  });

  it("accepts exactly what the old pattern accepted, with the same value", () => {
    fc.assert(
      fc.property(numberish, (text) => {
        const value = parseDecimalNumber(text);
        expect(value !== undefined).toBe(GRAMMAR.test(text));
        if (value !== undefined) expect(value).toBe(Number(text));
      }),
      { numRuns: 5_000 },
    );
  });

  it("takes linear time on long digit runs that end badly and on huge exponents", () => {
    for (const text of ["1".repeat(1_000_000) + "x", "1".repeat(1_000_000) + "e", "." + "1".repeat(1_000_000) + "e+", "1e" + "9".repeat(1_000_000)]) {
      const started = performance.now();
      const value = parseDecimalNumber(text);
      expect(performance.now() - started).toBeLessThan(500);
      expect(value === undefined || value === Infinity).toBe(true);
    }
  });
});
