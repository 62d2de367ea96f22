import { describe, expect, it } from "vitest";
import { LineProtocolError, parseLineProtocol } from "./parse-line-protocol";

function parseError(body: string): LineProtocolError {
  try {
    parseLineProtocol(body);
  } catch (err) {
    if (err instanceof LineProtocolError) return err;
    throw err;
  }
  throw new Error("expected a parse error");
}

describe("parseLineProtocol", () => {
  it("reads measurement, tags, fields and timestamp", () => {
    expect(parseLineProtocol("weather,sensor=ws-1,site=north value=12.5 1700000000000000000")).toEqual([
      { line: 1, measurement: "weather", tags: { sensor: "ws-1", site: "north" }, fields: { value: 12.5 }, timestamp: 1700000000000000000n },
    ]);
  });

  it("unescapes commas, spaces and equals signs in measurement, tag keys and values, and field keys", () => {
    const [p] = parseLineProtocol(String.raw`my\ meas\,x,tag\ key=a\,b\=c\ d field\=k=1i`);
    expect(p.measurement).toBe("my meas,x");
    expect(p.tags).toEqual({ "tag key": "a,b=c d" });
    expect(p.fields).toEqual({ "field=k": 1 });
  });

  it("reads every field type: float, integer, unsigned, booleans, quoted strings with escapes", () => {
    const [p] = parseLineProtocol(String.raw`m f=-1.5e3,i=-42i,u=7u,t=t,T=TRUE,b=false,s="a \"quoted\", spaced = string \\ ok",e=""`);
    expect(p.fields).toEqual({ f: -1500, i: -42, u: 7, t: true, T: true, b: false, s: 'a "quoted", spaced = string \\ ok', e: "" });
    expect(p.timestamp).toBeUndefined();
  });

  it("skips blank lines and comments and numbers lines as written, tolerating CRLF", () => {
    const points = parseLineProtocol("# header\r\n\r\nm v=1 10\r\n   \n  # indented comment\nm v=2 20\n");
    expect(points.map((p) => [p.line, p.fields.v, p.timestamp])).toEqual([
      [3, 1, 10n],
      [6, 2, 20n],
    ]);
  });

  it("keeps nanosecond timestamps exact (beyond 2^53) and accepts negative ones", () => {
    expect(parseLineProtocol("m v=1 1700000000123456789")[0].timestamp).toBe(1700000000123456789n);
    expect(parseLineProtocol("m v=1 -5")[0].timestamp).toBe(-5n);
  });

  it.each([
    ["m", "missing fields"],
    ["m,tag v=1", "missing tag key or value"],
    ["m,tag= v=1", 'missing value for tag "tag"'],
    ["m v=", 'missing value for field "v"'],
    ["m v=abc", 'invalid number "abc"'],
    ["m v=NaN", 'invalid number "NaN"'],
    ["m v=1e999", "out of range"],
    ["m v=12.5i", 'invalid integer "12.5i"'],
    ["m v=-1u", "out of range"],
    ["m v=9223372036854775808i", "out of range"],
    ['m s="open', 'unterminated string in field "s"'],
    ["m v=1 12:00", 'invalid timestamp "12:00"'],
    ["m v=1 99999999999999999999", "out of range"],
    [",t=1 v=1", "missing measurement"],
    ["m v=1,", "missing fields"],
  ])("refuses %j: %s", (body, reason) => {
    const err = parseError(body);
    expect(err.line).toBe(1);
    expect(err.reason).toContain(reason);
  });

  it("names the line of the first malformed point in the message", () => {
    const err = parseError("m v=1 1\nm v=2 2\n\nm v=oops 4\nm v=bad 5");
    expect(err.line).toBe(4);
    expect(err.message).toBe(`unable to parse line 4 'm v=oops 4': invalid number "oops" in field "v"`);
  });
});
