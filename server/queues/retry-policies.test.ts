import { describe, expect, it } from "vitest";
import { agedBullPriority, isSlaBreach, priorityClasses } from "./priority-classes";
import { retryDelay, retryPolicies } from "./retry-policies";

describe("retry policies", () => {
  it("simple: 3 attempts, 1 s fixed", () => {
    expect(retryPolicies.simple.attempts).toBe(3);
    expect([1, 2].map((n) => retryDelay("simple", n))).toEqual([1_000, 1_000]);
  });
  it("moderate: 5 attempts, linear 1–5 s", () => {
    expect(retryPolicies.moderate.attempts).toBe(5);
    expect([1, 2, 3, 4, 5].map((n) => retryDelay("moderate", n))).toEqual([1_000, 2_000, 3_000, 4_000, 5_000]);
  });
  it("complex: 7 attempts, exponential from 1 s capped at 64 s, with jitter", () => {
    expect(retryPolicies.complex.attempts).toBe(7);
    const noJitter = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => retryDelay("complex", n, noJitter))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 64_000]);
    expect(retryDelay("complex", 3, () => 0)).toBe(3_200);
    expect(retryDelay("complex", 3, () => 0.999)).toBeLessThanOrEqual(4_800);
  });
});

describe("priority classes", () => {
  it("P0 has its own queue; P1 to P4 share one in order", () => {
    expect(priorityClasses.P0.queue).not.toBe(priorityClasses.P1.queue);
    const order = (["P1", "P2", "P3", "P4"] as const).map((p) => priorityClasses[p].bullPriority);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
  it("ages a waiting job up one class per step, never past P1", () => {
    const { P1, P3, P4 } = priorityClasses;
    expect(agedBullPriority(P4.bullPriority, 0)).toBe(P4.bullPriority);
    expect(agedBullPriority(P4.bullPriority, 10 * 60_000)).toBe(P3.bullPriority);
    expect(agedBullPriority(P4.bullPriority, 10 * 3600_000)).toBe(P1.bullPriority);
  });
  it("counts an SLA breach only past the class's target; P4 has none", () => {
    expect(isSlaBreach("P1", 59_000)).toBe(false);
    expect(isSlaBreach("P1", 61_000)).toBe(true);
    expect(isSlaBreach("P4", 99 * 3600_000)).toBe(false);
  });
});
