import { expect, test } from "@playwright/test";
import { influx } from "../server/influx/influx-client";
import { writeReadings } from "../server/readings/write-readings";
import { demoEmail, signIn, sql } from "./support";

const MINUTE = 60_000;
const localInput = (ms: number) => new Date(ms - new Date(ms).getTimezoneOffset() * MINUTE).toISOString().slice(0, 16);

/** A sensor with two hours of one reading a minute, all 10, the last one a minute ago. */
async function sensorWithReadings() {
  const stamp = Date.now().toString(36);
  // A space and a quote: the key travels through the URL, tRPC and InfluxQL.
  const key = `e2e-${stamp} hall's.temperature`;
  const region = `e2e-${stamp}`;
  const last = Math.floor(Date.now() / MINUTE) * MINUTE - MINUTE;
  await sql(
    `INSERT INTO "Sensor" (id, key, name, quantity, unit, "infraType", region, site, "intervalSeconds", "validMin", "validMax", "lastReadingAt", "lastValue", "updatedAt")
     VALUES ($1, $2, $3, 'temperature', '°C', 'building', $4, 'E2E Building', 60, -40, 80, $5, 10, now())`,
    [`e2e-${stamp}`, key, `E2E hall temperature ${stamp}`, region, new Date(last)],
  );
  await writeReadings(influx(), {
    points: Array.from({ length: 120 }, (_, i) => ({ sensorKey: key, time: last - i * MINUTE, value: 10, quantity: "temperature", region })),
  });
  return { key, region, last };
}

/** One open incident with one spike alert, as a scan would have written it. */
async function alertAt(key: string, at: number) {
  const id = `e2e-incident-${Date.now()}`;
  await sql(
    `INSERT INTO "AlertIncident" (id, "groupingKey", "sensorKey", status, severity, detectors, "openedAt", "lastSeenAt") VALUES ($1, $1, $2, 'open', 'critical', '{spike}', $3, $3)`,
    [id, key, new Date(at)],
  );
  await sql(
    `INSERT INTO "Alert" (key, "incidentId", "sensorKey", detector, "bucketStart", at, severity, score, observed, message, "evidenceFrom", "evidenceTo")
     VALUES ($1, $2, $3, 'spike', $4, $4, 'critical', 12, 10, 'spike in e2e', $4, $4)`,
    [`${id}-alert`, id, key, new Date(at)],
  );
}

test("an operator finds a sensor, reads its chart, calibrates it and flags a range", async ({ page }) => {
  const { key, region, last } = await sensorWithReadings();
  await alertAt(key, last - 45 * MINUTE);
  await signIn(page, demoEmail("operator"));
  await page.getByRole("link", { name: "Sensors" }).click();
  await expect(page.getByRole("heading", { name: "Sensors" })).toBeVisible();

  const filters = page.getByRole("search", { name: "Filter sensors" });
  await filters.getByLabel("Region").selectOption(region);
  await filters.getByLabel("Search").fill(key);
  const row = page.getByTestId(`sensor-${key}`);
  await expect(row).toContainText("10 °C");
  await expect(row).toContainText("OK");
  await expect(page.getByTestId("sensors-table").locator("tbody tr")).toHaveCount(1);
  await filters.getByLabel("Status").selectOption("SILENT");
  await expect(row).toHaveCount(0);
  await filters.getByLabel("Status").selectOption("OK");
  await row.getByRole("link", { name: key }).click();

  await expect(page.getByRole("heading", { name: /E2E hall temperature/ })).toBeVisible();
  await expect(page.getByTestId("reading-count")).toHaveText("120");
  await expect(page.getByTestId("latest-value")).toHaveText("10");
  // A flat line has no height, so "visible" does not apply: the curve is drawn through the readings.
  await expect(page.getByTestId("sensor-incidents")).toContainText("spike");
  await expect(page.getByTestId("sensor-chart").locator(".recharts-reference-line")).toHaveCount(1);
  await expect(page.getByTestId("sensor-chart").locator(".recharts-line-curve")).toHaveAttribute("d", /^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){100,}/);

  const calibration = page.getByRole("form", { name: "Set calibration" });
  await calibration.getByLabel("Slope").fill("2");
  await calibration.getByLabel("Offset").fill("0.5");
  await calibration.getByLabel("Effective from").fill(localInput(last - 3 * 60 * MINUTE));
  await calibration.getByLabel("Note").fill("bench check");
  await calibration.getByRole("button", { name: "Set calibration" }).click();
  await expect(page.getByTestId("calibrations")).toContainText("bench check");
  await expect(page.getByTestId("latest-value")).toHaveText("20.5");

  const flag = page.getByRole("form", { name: "Flag a range" });
  await flag.getByLabel("From").fill(localInput(last - 29 * MINUTE));
  await flag.getByLabel("To").fill(localInput(last + MINUTE));
  await flag.getByLabel("Reason").fill("sensor cleaned");
  await flag.getByRole("button", { name: "Flag range" }).click();
  await expect(page.getByTestId("flags")).toContainText("sensor cleaned");
  await expect(page.getByTestId("reading-count")).toHaveText("90");
  await expect(page.getByTestId("sensor-chart").locator(".recharts-reference-area")).toHaveCount(1);

  await page.getByLabel(/Raw values/).check();
  await expect(page.getByTestId("reading-count")).toHaveText("120");
  await expect(page.getByTestId("latest-value")).toHaveText("10");
});

test("a stakeholder reads sensors but gets no correction forms, and the server refuses them anyway", async ({ page }) => {
  const { key } = await sensorWithReadings();
  await signIn(page, demoEmail("stakeholder"));
  await page.goto(`/sensors/${encodeURIComponent(key)}`);
  await expect(page.getByTestId("reading-count")).toHaveText("120");
  await expect(page.getByRole("form", { name: "Set calibration" })).toHaveCount(0);
  await expect(page.getByRole("form", { name: "Flag a range" })).toHaveCount(0);
  const status = await page.evaluate(async (sensorKey) => {
    const res = await fetch("/api/trpc/sensors.flagRange", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { key: sensorKey, from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z", reason: "x" } }),
    });
    return res.status;
  }, key);
  expect(status).toBe(403);
});

test("a long sensor list sorts on the server, renders only the rows in view, keeps its view in the URL and downloads as CSV", async ({ page }) => {
  const region = `e2e-long-${Date.now().toString(36)}`;
  await sql(
    `INSERT INTO "Sensor" (id, key, name, quantity, unit, "infraType", region, site, "intervalSeconds", "updatedAt")
     SELECT $1 || '-' || i, $1 || '.s' || lpad(i::text, 4, '0'), 'Long ' || i, 'temperature', '°C', 'building', $1, 'Long site', 60, now()
     FROM generate_series(1, 600) AS i`,
    [region],
  );
  await signIn(page, demoEmail("stakeholder"));
  await page.goto(`/sensors?region=${region}`);
  const table = page.getByTestId("sensors-table");
  await expect(page.getByTestId("sensor-count")).toHaveText("600 sensors");
  await expect(table.locator("tbody tr:not(.pad)").first()).toContainText(`${region}.s0001`);
  // A hundred rows are loaded, far fewer drawn.
  await expect(page.getByTestId("sensors-table-count")).toHaveText("100 of 600 shown");
  expect(await table.locator("tbody tr:not(.pad)").count()).toBeLessThan(60);

  await table.getByRole("button", { name: /Sensor/ }).click();
  await expect(page).toHaveURL(/dir=desc/);
  await expect(table.locator("th[aria-sort=descending]")).toHaveCount(1);
  await expect(table.locator("tbody tr:not(.pad)").first()).toContainText(`${region}.s0600`);

  // Scrolling to the end loads the next pages from the server.
  const scroller = page.getByRole("region", { name: "Sensors" });
  await expect(async () => {
    await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await expect(page.getByTestId("sensors-table-count")).toHaveText("600 of 600 shown", { timeout: 1_000 });
    await expect(table.locator("tbody tr:not(.pad)").last()).toContainText(`${region}.s0001`, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });

  // The URL is the view: opened afresh it shows the same order.
  await page.reload();
  await expect(table.locator("tbody tr:not(.pad)").first()).toContainText(`${region}.s0600`);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV" }).click()]);
  const lines = (await (await download.createReadStream()).toArray()).join("").trim().split("\n");
  expect(lines).toHaveLength(601);
  expect(lines[1]).toContain(`"${region}.s0600"`);
  expect(lines[600]).toContain(`"${region}.s0001"`);
});
