import { describe, expect, it } from "vitest";
import { coalesceSyncs } from "./coalesce-syncs";

describe("coalesceSyncs", () => {
  it("runs one at a time and folds a burst into one more run", async () => {
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    const sync = coalesceSyncs(async () => {
      runs++;
      maxRunning = Math.max(maxRunning, ++running);
      await new Promise((r) => setTimeout(r, 20));
      running--;
      return runs;
    });
    const first = sync();
    await new Promise((r) => setTimeout(r, 5)); // the first has started
    const burst = Array.from({ length: 1_000 }, () => sync());
    expect(await first).toBe(1);
    expect(new Set(await Promise.all(burst))).toEqual(new Set([2]));
    expect(runs).toBe(2);
    expect(maxRunning).toBe(1);
    expect(await sync()).toBe(3); // a later announcement gets a sync of its own
  });

  it("a failed sync does not stop the next", async () => {
    let calls = 0;
    const sync = coalesceSyncs(async () => {
      if (++calls === 1) throw new Error("redis down");
      return calls;
    });
    await expect(sync()).rejects.toThrow("redis down");
    expect(await sync()).toBe(2);
  });
});
