import { describe, expect, it } from "vitest";
import { debounceNotifications } from "./debounce-notifications";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("debounceNotifications", () => {
  it("coalesces a burst into one evaluation of the incidents named", async () => {
    const calls: string[][] = [];
    const trigger = debounceNotifications(async (ids) => {
      calls.push(ids.sort());
      return { skipped: false };
    }, 20);
    trigger("b");
    trigger("a");
    trigger("a");
    await sleep(80);
    expect(calls).toEqual([["a", "b"]]);
  });

  it("keeps retrying while the lease is taken instead of leaving the incident to the sweep", async () => {
    const calls: string[][] = [];
    // Taken for the first 12 attempts (~1.2 s): the old trigger gave up after 5.
    const trigger = debounceNotifications(async (ids) => {
      calls.push(ids);
      return { skipped: calls.length <= 12 };
    }, 10);
    trigger("inc-1");
    await sleep(300);
    trigger("inc-2");
    await expect.poll(() => calls.length, { timeout: 5_000, interval: 50 }).toBe(13);
    expect(calls.at(-1)!.sort()).toEqual(["inc-1", "inc-2"]);
    await sleep(300);
    expect(calls.length).toBe(13);
  });
});
