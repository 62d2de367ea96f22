import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { demoEmail, signIn, sql } from "./support";

const TYPE = "e2e_mast";
const REGION = "e2e-north";

/** Reports as the jobs would leave them: 5-minute windows over two days, hourly over ten, ending with the last full hour. */
async function seedReports() {
  await sql(`DELETE FROM "Report" WHERE "infraType" = $1`, [TYPE]);
  const insert = (resolution: string, step: string, count: number) =>
    sql(
      `INSERT INTO "Report" (resolution, "windowStart", "windowEnd", "infraType", region, "sensorCount", readings, expected, completeness, min, mean, max, stddev, p95,
         "sensorsOk", "sensorsLate", "sensorsSilent", "alertsWarning", "alertsCritical")
       SELECT $1, w, w + $2::interval, $3, $4, 20, 95, 100, 0.95, 10 + i % 5, 20 + i % 7, 40 - i % 3, 2.5, 35, 19, 1, 0, i % 4, CASE WHEN i % 50 = 0 THEN 1 ELSE 0 END
       FROM generate_series(1, $5::int) AS i, LATERAL (SELECT date_trunc('hour', now()) - i * $2::interval AS w) AS t`,
      [resolution, step, TYPE, REGION, count],
    );
  await insert("5m", "5 minutes", 2 * 288);
  await insert("1h", "1 hour", 10 * 24);
}

test("a stakeholder opens the overview, drills into a group, changes the period and downloads a CSV", async ({ page }) => {
  await seedReports();
  await signIn(page, demoEmail("stakeholder"));
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Reports", exact: true }).click();

  const tile = page.getByTestId(`tile-${TYPE}-${REGION}`);
  await expect(tile.getByTestId("completeness")).toHaveText("95.0 %");
  await expect(tile).toHaveAttribute("data-health", "warn");

  await tile.click();
  await expect(page.getByRole("heading", { name: `${TYPE} · ${REGION}` })).toBeVisible();
  await expect(page.getByTestId("resolution")).toHaveText("5m windows");
  const rows = page.getByTestId("reports-table").locator("tbody tr");
  await expect(rows).toHaveCount(50);
  await page.getByRole("button", { name: "Older reports" }).click();
  await expect(rows).toHaveCount(100);
  await expect(page.getByTestId("values-chart").locator(".recharts-line")).toHaveCount(1);

  await page.getByRole("search", { name: "Choose period" }).locator("select").selectOption("7d");
  await expect(page.getByTestId("resolution")).toHaveText("1h windows");
  await expect(rows).toHaveCount(50);

  // A custom two hours, three hours back: 24 five-minute windows.
  const periodBar = page.getByRole("search", { name: "Choose period" });
  await periodBar.locator("select").selectOption("custom");
  const pad = (n: number) => String(n).padStart(2, "0");
  const local = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const hour = new Date();
  hour.setMinutes(0, 0, 0);
  await periodBar.getByLabel("From", { exact: true }).fill(local(new Date(hour.getTime() - 5 * 3_600_000)));
  await periodBar.getByLabel("To", { exact: true }).fill(local(new Date(hour.getTime() - 3 * 3_600_000)));
  await periodBar.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByTestId("resolution")).toHaveText("5m windows");
  await expect(rows).toHaveCount(24);
  await periodBar.locator("select").selectOption("7d");
  await expect(rows).toHaveCount(50);

  await page.getByRole("button", { name: "Compare" }).click();
  const readings = page.getByTestId("compare-readings");
  // 7 days of hourly windows (the seed ends with the last full hour) against the 3 seeded days before them.
  await expect(readings).toContainText("+");

  const download = page.waitForEvent("download");
  await page.getByTestId("export-csv").click();
  const file = await (await download).path();
  const text = await readFile(file, "utf8");
  const [header, first] = text.split("\n");
  expect(header).toBe(
    "resolution,window_start,window_end,infra_type,region,sensors,readings,expected,completeness,min,mean,max,stddev,p95,sensors_ok,sensors_late,sensors_silent,alerts_warning,alerts_critical",
  );
  expect(first).toContain(`"1h",`);
  expect(text.trim().split("\n").length).toBeGreaterThan(24 * 6);
});

test("the export refuses a caller without a session", async ({ request }) => {
  const res = await request.get(`/api/reports/export?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z`);
  expect(res.status()).toBe(401);
});
