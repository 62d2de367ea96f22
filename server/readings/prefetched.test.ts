import { describe, expect, it } from "vitest";
import { prefetched } from "./prefetched";

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("prefetched", () => {
  it("yields results in order while keeping at most `ahead` further loads running", async () => {
    let running = 0;
    let most = 0;
    const load = async (n: number) => {
      most = Math.max(most, ++running);
      await tick();
      running--;
      return n * 10;
    };
    const out: number[] = [];
    for await (const result of prefetched([3, 1, 2, 5], load, 2)) {
      out.push(result);
      await tick();
    }
    expect(out).toEqual([30, 10, 20, 50]);
    expect(most).toBe(3);
  });

  it("raises a failed load where its result is due, after the results before it", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    const load = async (n: number) => {
      await tick();
      if (n === 2) throw new Error("chunk 2 failed");
      return n;
    };
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const n of prefetched([1, 2, 3], load)) seen.push(n);
      })(),
    ).rejects.toThrow("chunk 2 failed");
    // The caller stops at the failure: the prefetched third load fails quietly too.
    const stopEarly = prefetched([1, 2], async (n) => (n === 2 ? Promise.reject(new Error("never awaited")) : n));
    expect((await stopEarly.next()).value).toBe(1);
    await stopEarly.return(undefined);
    await tick();
    process.off("unhandledRejection", onUnhandled);
    expect(seen).toEqual([1]);
    expect(unhandled).toEqual([]);
  });
});
