import { describe, expect, it } from "vitest";
import { durationLiteral, quoteExactRegex, quoteIdentifier, quoteString, timeLiteral } from "./influxql";
import { sensorFilter } from "./sensor-filter";
import { decodeTagValue, encodeTagValue } from "./tag-value-codec";

/**
 * InfluxQL's own rules for a quoted token (influxql scanner, ScanString): it ends at the first
 * unescaped quote; \\ \" \' \n are escapes, any other backslash or a raw newline is an error.
 * Returns the decoded text and where the token ended.
 */
function scanQuoted(text: string, start: number): { value: string; end: number } {
  const quote = text[start];
  let value = "";
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === quote) return { value, end: i + 1 };
    if (ch === "\n") throw new Error("bad string: raw newline");
    if (ch === "\\") {
      const next = text[++i];
      if (next === "n") value += "\n";
      else if (next === "\\" || next === '"' || next === "'") value += next;
      else throw new Error(`bad escape \\${next}`);
    } else value += ch;
  }
  throw new Error("unterminated");
}

const hostile = [
  "plain",
  "it's",
  'say "hi"',
  "back\\slash",
  "trailing\\",
  "\\'",
  "new\nline",
  "x' OR \"sensor\" =~ /.*/ OR 'a",
  '\'; DROP DATABASE "gristmill"; --',
  'a" , "b',
  "comma, space=equals",
  "ünïcødé ✓",
];

describe("InfluxQL quoting", () => {
  it.each(hostile)("a string literal of %j reads back as exactly that value and ends where the literal ends", (value) => {
    const literal = quoteString(value);
    const query = `SELECT * FROM "m" WHERE "sensor" = ${literal} AND time > 0ms`;
    const at = query.indexOf(literal);
    const scanned = scanQuoted(query, at);
    expect(scanned.value).toBe(value);
    expect(scanned.end).toBe(at + literal.length);
    expect(query.slice(scanned.end)).toBe(" AND time > 0ms");
  });

  it.each(hostile)("an identifier of %j reads back as exactly that name", (name) => {
    const quoted = quoteIdentifier(name);
    expect(quoted.startsWith('"')).toBe(true);
    const scanned = scanQuoted(quoted, 0);
    expect(scanned).toEqual({ value: name, end: quoted.length });
  });

  it("keeps every sensor of a filter inside one anchored regex that matches exactly the stored keys", () => {
    const filter = sensorFilter(hostile);
    const ident = scanQuoted(filter, 0);
    expect(ident.value).toBe("sensor");
    expect(filter.slice(ident.end, ident.end + 4)).toBe(" =~ ");
    const literal = filter.slice(ident.end + 4);
    // InfluxQL ends a regex at the first bare /; \/ inside is a slash.
    expect(literal.startsWith("/") && literal.endsWith("/")).toBe(true);
    expect(literal.slice(1, -1).replace(/\\./g, "")).not.toContain("/");
    const regex = new RegExp(literal.slice(1, -1).replace(/\\\//g, "/"));
    const stored = hostile.map(encodeTagValue);
    for (const key of stored) expect(regex.test(key)).toBe(true);
    for (const near of ["plai", "plainx", "it", "x", "", ".*", "ünïcødé"]) expect(regex.test(near)).toBe(false);
  });

  it("builds regex literals that match only the given values", () => {
    const values = ["a.b", "x/y", "p|q", "(z)*", "new\nline"];
    const literal = quoteExactRegex(values);
    expect(literal.startsWith("/^(?:") && literal.endsWith(")$/")).toBe(true);
    // No unescaped delimiter inside: InfluxQL ends a regex at the first bare /.
    expect(literal.slice(1, -1).replace(/\\./g, "")).not.toContain("/");
    const body = literal.slice(1, -1).replace(/\\\//g, "/");
    const regex = new RegExp(body);
    for (const v of values) expect(regex.test(v)).toBe(true);
    for (const other of ["aXb", "x", "p", "q", "z", "zz", "new"]) expect(regex.test(other)).toBe(false);
  });

  it("refuses times and durations that are not plain numbers", () => {
    expect(timeLiteral(1700000000123.9)).toBe("1700000000123ms");
    expect(() => timeLiteral(Number.NaN)).toThrow();
    expect(() => timeLiteral(Number.POSITIVE_INFINITY)).toThrow();
    expect(durationLiteral(90, "d")).toBe("90d");
    expect(() => durationLiteral(1.5, "d")).toThrow();
    expect(() => durationLiteral(0, "d")).toThrow();
  });

  it("encodes tag values losslessly and leaves ordinary keys as they are", () => {
    expect(encodeTagValue("wm-north-001.wind_speed")).toBe("wm-north-001.wind_speed");
    for (const v of [...hostile, "100%", "%5C literally", "\r\n"]) expect(decodeTagValue(encodeTagValue(v))).toBe(v);
    expect(encodeTagValue("a\\b\nc")).not.toMatch(/[\\\n]/);
  });
});
