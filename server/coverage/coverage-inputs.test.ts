import { afterAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { configVersionOf } from "./config-version-of";
import { bucketsBetween, COVERAGE_BUCKET_MS } from "./coverage-buckets";
import { planBackfill } from "./plan-backfill";
import { backfillRequestInput, coverageOverviewInput } from "./schemas";

const H = COVERAGE_BUCKET_MS;

describe("coverage inputs and pure parts", () => {
  afterAll(() => db.$disconnect());

  it("names equal detector configurations alike whatever their key order, and different ones differently", () => {
    expect(configVersionOf({ a: 1, b: { c: [1, 2], d: "x" } })).toBe(configVersionOf({ b: { d: "x", c: [1, 2] }, a: 1 }));
    expect(configVersionOf({ a: 1, b: { c: [2, 1], d: "x" } })).not.toBe(configVersionOf({ a: 1, b: { c: [1, 2], d: "x" } }));
  });

  it("lists the hour buckets a range overlaps", () => {
    expect(bucketsBetween(10 * H + 5, 12 * H)).toEqual([10 * H, 11 * H]);
    expect(bucketsBetween(10 * H, 10 * H + 1)).toEqual([10 * H]);
    expect(bucketsBetween(10 * H, 10 * H)).toEqual([]);
  });

  it("refuses hostile and oversized backfill requests at the boundary", () => {
    const ok = { kind: "scan", scope: "anomaly-scan:*:*:*", from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z" };
    expect(backfillRequestInput.safeParse(ok).success).toBe(true);
    expect(backfillRequestInput.safeParse({ ...ok, to: ok.from }).success).toBe(false);
    expect(backfillRequestInput.safeParse({ ...ok, from: "2020-01-01T00:00:00Z" }).success).toBe(false); // over 400 days
    expect(backfillRequestInput.safeParse({ ...ok, from: "not a date" }).success).toBe(false);
    expect(backfillRequestInput.safeParse({ ...ok, kind: "drop" }).success).toBe(false);
    expect(backfillRequestInput.safeParse({ ...ok, scope: "x".repeat(201) }).success).toBe(false);
    expect(backfillRequestInput.safeParse({ ...ok, chunks: [[0, 1]] }).success).toBe(false); // no smuggled fields
    expect(coverageOverviewInput.safeParse({ from: "2026-01-01", to: "2026-03-01" }).success).toBe(false); // a strip of at most 31 days
  });

  it("treats a scope that smuggles SQL as an unknown scope, and a report rebuild of one group as invalid", async () => {
    const range = { from: Date.now() - 86_400_000, to: Date.now(), onlyStale: false };
    await expect(planBackfill(db, { kind: "scan", scope: `x' OR '1'='1`, ...range })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(planBackfill(db, { kind: "report", scope: 'wind_mast/north\'; DROP TABLE "Report"; --', ...range })).rejects.toMatchObject({
      code: "INVALID",
    });
    expect(await db.report.count()).toBeGreaterThanOrEqual(0);
  });
});
