import { Point } from "@influxdata/influxdb-client";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readingLine, readingSeriesKey } from "./reading-line";
import { encodeTagValue } from "./tag-value-codec";

/** The library's own Point, as the writers built every line before: the reference the fast path must match. */
function viaPoint(tags: { sensor: string; quantity: string; infraType: string; region: string; site: string }, value: number, time: string): string {
  return new Point("reading")
    .tag("sensor", encodeTagValue(tags.sensor))
    .tag("quantity", encodeTagValue(tags.quantity))
    .tag("infra_type", encodeTagValue(tags.infraType))
    .tag("region", encodeTagValue(tags.region))
    .tag("site", encodeTagValue(tags.site))
    .floatField("value", value)
    .timestamp(time)
    .toLineProtocol()!;
}

describe("readingLine", () => {
  it("writes exactly the line Point writes, for any tags and finite value", () => {
    const tag = fc.string({ minLength: 1, maxLength: 20, unit: fc.constantFrom("a", "Z", " ", ",", "=", "\\", "\n", "\r", "%", '"', "é", "0") });
    fc.assert(
      fc.property(
        fc.record({ sensor: tag, quantity: tag, infraType: tag, region: tag, site: tag }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.bigInt({ min: 0n, max: 2n ** 62n }),
        (tags, value, time) => {
          expect(readingLine(readingSeriesKey(tags), value, time.toString())).toBe(viaPoint(tags, value, time.toString()));
        },
      ),
    );
  });

  it("leaves out empty tags and refuses non-finite values", () => {
    expect(readingSeriesKey({ sensor: "s1", region: "", site: null })).toBe("reading,sensor=s1");
    expect(() => readingLine("reading,sensor=s1", Number.NaN, "1")).toThrow(RangeError);
    expect(() => readingLine("reading,sensor=s1", Number.POSITIVE_INFINITY, "1")).toThrow(RangeError);
  });
});
