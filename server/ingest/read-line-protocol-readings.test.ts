import { describe, expect, it } from "vitest";
import { workerThreadTasksCompleted } from "../worker-threads/run-in-worker-thread";
import { LineProtocolError } from "./parse-line-protocol";
import { readLineProtocolReadings } from "./read-line-protocol-readings";

const body = Array.from({ length: 20_000 }, (_, i) => `w,sensor=s${i % 50} value=${i}.5,temp=${i % 7}i ${1_700_000_000_000 + i}`).join("\n");

describe("readLineProtocolReadings", () => {
  it("reads a large body on a worker thread, with the same readings as on the main thread", async () => {
    const onMain = await readLineProtocolReadings({ body, unitNs: 1_000_000n, nowNs: 0n, offThreadFromChars: Infinity });
    const before = workerThreadTasksCompleted();
    const offMain = await readLineProtocolReadings({ body, unitNs: 1_000_000n, nowNs: 0n, offThreadFromChars: 1_000 });
    expect(workerThreadTasksCompleted()).toBe(before + 1);
    expect(offMain.keyIndex).toHaveLength(40_000);
    expect(offMain).toEqual(onMain);
    expect(offMain.keys).toHaveLength(100);
    const k = offMain.keyIndex[3];
    expect([offMain.keys[k], offMain.timesNs[3], offMain.timesMs[3], offMain.values[3]]).toEqual(["s1.temp", 1_700_000_000_001_000_000n, 1_700_000_000_001, 1]);
  });

  it("refuses a malformed line from the worker thread as a LineProtocolError naming it", async () => {
    const bad = `${body}\nw,sensor=s1 value=${"1".repeat(200_000)}x`;
    const err = await readLineProtocolReadings({ body: bad, unitNs: 1n, nowNs: 0n, offThreadFromChars: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LineProtocolError);
    expect((err as LineProtocolError).line).toBe(20_001);
    expect((err as LineProtocolError).reason).toBe('value of field "value" is longer than 65536 characters');
  });
});
