import { describe, expect, it } from "vitest";
import { mapPointsToReadings } from "./map-points-to-readings";
import { LineProtocolError, parseLineProtocol } from "./parse-line-protocol";

const map = (body: string, unitNs = 1n, nowNs = 99n) => mapPointsToReadings(parseLineProtocol(body), { unitNs, nowNs });

describe("mapPointsToReadings", () => {
  it("reads field value of a point tagged sensor as that sensor, other fields as <sensor>.<field>", () => {
    expect(map('env,sensor=ws-1,site=x value=1.5,gust=3i,ok=t,note="hi" 10')).toEqual([
      { key: "ws-1", timeNs: 10n, value: 1.5, line: 1 },
      { key: "ws-1.gust", timeNs: 10n, value: 3, line: 1 },
      { key: "ws-1.ok", timeNs: 10n, value: 1, line: 1 },
    ]);
  });

  it("names readings of untagged points <measurement>.<field>, as Telegraf writes them", () => {
    expect(map("cpu,host=a usage_idle=97.5,usage_user=1").map((r) => r.key)).toEqual(["cpu.usage_idle", "cpu.usage_user"]);
  });

  it("scales timestamps by the precision and stamps points without one with the server's time", () => {
    expect(map("m,sensor=a value=1 1700000000", 1_000_000_000n)[0].timeNs).toBe(1_700_000_000_000_000_000n);
    expect(map("m,sensor=a value=1", 1_000_000_000n, 42n)[0].timeNs).toBe(42n);
  });

  it("refuses timestamps InfluxDB cannot store, naming the line", () => {
    expect(() => map("m,sensor=a value=1 1\nm,sensor=a value=1 9999999999999", 1_000_000_000n)).toThrow(LineProtocolError);
    expect(() => map("m,sensor=a value=1 1\nm,sensor=a value=1 9999999999999", 1_000_000_000n)).toThrow(/line 2 .*timestamp out of range/);
  });
});
