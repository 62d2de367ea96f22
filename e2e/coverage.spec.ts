import { expect, test } from "@playwright/test";
import { demoEmail, signIn, sql } from "./support";

const HOUR = 3_600_000;

/** A scan scope of its own with three sensors; its ledger holds covered hours, one stale and one missing. */
async function fixture() {
  const run = `e2e-cov-${Date.now().toString(36)}`;
  const now = Math.floor(Date.now() / HOUR) * HOUR;
  // Yesterday (UTC) from 02:00: one day, so the two stale hours are one backfill chunk.
  const day = Math.floor(Date.now() / (24 * HOUR)) * 24 * HOUR - 24 * HOUR;
  for (let i = 0; i < 3; i++) {
    await sql(
      `INSERT INTO "Sensor" (id, key, name, quantity, unit, "infraType", region, site, "updatedAt") VALUES ($1, $1, $1, 'flow', 'l/s', 'water_network', $2, 'site', now())`,
      [`${run}-s${i}`, run],
    );
  }
  await sql(`INSERT INTO "JobDefinition" (id, name, kind, params, "updatedAt") VALUES ($1, $1, 'anomaly-scan', $2, now())`, [
    run,
    JSON.stringify({ region: run, scanKey: run }),
  ]);
  await sql(`INSERT INTO "AnomalyScanWatermark" ("scanKey", watermark, "updatedAt") VALUES ($1, $2, now())`, [run, new Date(now - HOUR)]);
  const states = ["covered", "covered", "stale", "covered", "missing", "covered"];
  for (const [i, state] of states.entries()) {
    await sql(`INSERT INTO "CoverageBucket" (kind, scope, "bucketStart", state, "staleSince") VALUES ('scan', $1, $2, $3::"CoverageState", $4)`, [
      run,
      new Date(day + (2 + i) * HOUR),
      state,
      state === "covered" ? null : new Date(),
    ]);
  }
  return { run, sensor: `${run}-s0` };
}

test("an operator sees stale and missing hours on the coverage page, fills them after a dry run, and sees them covered", async ({ page }) => {
  // A worker runs the backfill in the middle: more than the default minute on a busy machine.
  test.setTimeout(120_000);
  const { run, sensor } = await fixture();
  await signIn(page, demoEmail("operator"));
  await page.getByRole("link", { name: "Coverage" }).click();

  const strip = page.getByTestId(`strip-scan-${run}`);
  await expect(strip.locator('[data-state="stale"]')).toHaveCount(1);
  await expect(strip.locator('[data-state="missing"]')).toHaveCount(1);
  await expect(strip.locator('[data-state="covered"]')).toHaveCount(4);
  await expect(strip.getByTestId("strip-counts")).toHaveText("4 / 1 / 1");

  await strip.getByRole("button", { name: "Fill" }).click();
  await expect(page.getByTestId("backfill-form").getByTestId("dry-run")).toContainText("3 sensors × 2 hours (6 sensor-hours) in 1 chunk");
  await page.getByTestId("backfill-start").click();
  await expect(page.getByTestId("backfill-started")).toHaveText("Backfill queued (1 chunk).");

  const row = page.getByTestId("backfills-table").locator("tbody tr", { hasText: run });
  await expect(row.getByTestId("backfill-status")).toHaveText("succeeded", { timeout: 30_000 });
  await expect(row.getByTestId("backfill-chunks")).toHaveText("1 / 1");
  await expect(strip.locator('[data-state="covered"]')).toHaveCount(6, { timeout: 15_000 });
  await expect(strip.locator('[data-state="stale"], [data-state="missing"]')).toHaveCount(0);

  await page.goto(`/sensors/${sensor}`);
  const mine = page.getByTestId("sensor-coverage").getByTestId("sensor-coverage-scan").filter({ hasText: run });
  await expect(mine).toContainText("6 h");
});

test("a stakeholder reads the coverage page but gets no fill or backfill controls", async ({ page }) => {
  const { run } = await fixture();
  await signIn(page, demoEmail("stakeholder"));
  await page.goto("/coverage");
  const strip = page.getByTestId(`strip-scan-${run}`);
  await expect(strip.locator('[data-state="stale"]')).toHaveCount(1);
  await expect(strip.getByRole("button", { name: "Fill" })).toHaveCount(0);
  await expect(page.getByTestId("backfill-form")).toHaveCount(0);
});

test("the manual backfill form refuses a range that ends before it starts", async ({ page }) => {
  const { run } = await fixture();
  await signIn(page, demoEmail("engineer"));
  await page.goto("/coverage");
  await expect(page.getByTestId(`strip-scan-${run}`)).toBeVisible();
  await page.getByTestId("backfill-scope").selectOption(`scan|${run}`);
  await page.getByTestId("backfill-from").fill("2026-01-02T00:00");
  await page.getByTestId("backfill-to").fill("2026-01-01T00:00");
  await page.getByRole("button", { name: "Dry run" }).click();
  await expect(page.getByTestId("backfill-form").getByTestId("form-error")).toContainText("from must be before to");
});
