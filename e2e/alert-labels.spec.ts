import { expect, test } from "@playwright/test";
import { influx } from "../server/influx/influx-client";
import { writeReadings } from "../server/readings/write-readings";
import { demoEmail, signIn, sql } from "./support";

const MINUTE = 60_000;

/** A sensor with two hours of readings around 10 and a novelty alert 30 minutes ago that expected 9–11 and saw 25. */
async function sensorWithEvidence() {
  const stamp = Date.now().toString(36);
  const key = `e2e-label-${stamp}.temperature`;
  const region = `e2e-label-${stamp}`;
  const last = Math.floor(Date.now() / MINUTE) * MINUTE - MINUTE;
  const at = last - 30 * MINUTE;
  await sql(
    `INSERT INTO "Sensor" (id, key, name, quantity, unit, "infraType", region, site, "intervalSeconds", "validMin", "validMax", "lastReadingAt", "lastValue", "updatedAt")
     VALUES ($1, $2, $3, 'temperature', '°C', 'building', $4, 'E2E Building', 60, -40, 80, $5, 10, now())`,
    [`e2e-label-${stamp}`, key, `E2E labelled sensor ${stamp}`, region, new Date(last)],
  );
  await writeReadings(influx(), {
    points: Array.from({ length: 120 }, (_, i) => ({
      sensorKey: key,
      time: last - i * MINUTE,
      value: last - i * MINUTE === at ? 25 : 10 + (i % 3) * 0.2,
      quantity: "temperature",
      region,
    })),
  });
  const id = `e2e-label-incident-${stamp}`;
  await sql(
    `INSERT INTO "AlertIncident" (id, "groupingKey", "sensorKey", region, quantity, status, severity, detectors, "openedAt", "lastSeenAt") VALUES ($1, $1, $2, $3, 'temperature', 'open', 'warning', '{novelty}', $4, $4)`,
    [id, key, region, new Date(at)],
  );
  await sql(
    `INSERT INTO "Alert" (key, "incidentId", "sensorKey", detector, "bucketStart", at, severity, score, observed, "expectedLow", "expectedHigh", "expectedCenter", message, "evidenceFrom", "evidenceTo")
     VALUES ($1, $2, $3, 'novelty', $4, $4, 'warning', 0.5, 25, 9, 11, 10, 'Improbable for the time of day (e2e)', $5, $4)`,
    [`${id}-alert`, id, key, new Date(at), new Date(at - 10 * MINUTE)],
  );
  return { key, id };
}

test("an alert's evidence is drawn on the sensor chart, and an operator labels the incident, which the evaluation counts", async ({ page }) => {
  const { key, id } = await sensorWithEvidence();
  await signIn(page, demoEmail("operator"));

  await page.goto(`/sensors/${encodeURIComponent(key)}`);
  await expect(page.getByRole("heading", { name: /E2E labelled sensor/ })).toBeVisible();
  const chart = page.getByTestId("sensor-chart");
  await expect(chart.locator(".recharts-reference-line")).toHaveCount(1);
  await expect(chart.locator(".alert-band")).toHaveCount(1);
  await expect(chart.locator(".alert-observed")).toHaveCount(1);
  const evidence = page.getByTestId("alert-evidence");
  await expect(evidence).toContainText("9 … 11 °C");
  await expect(evidence).toContainText("25 °C");
  await expect(evidence).toContainText("q = 1.0e-5");

  await page.goto("/alerts");
  await page.getByRole("search", { name: "Filter alerts" }).getByLabel("Sensor").fill(key);
  const row = page.getByTestId(`incident-${key}`);
  await expect(row).toContainText("—");
  await row.getByRole("button", { name: "Not an anomaly" }).click();
  await expect(row).toContainText("not an anomaly");
  await expect(row.getByRole("button", { name: "Not an anomaly" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("label-stats-detector-novelty")).toBeVisible();
  // The filter is in the URL: a reload (or a shared link) opens the same view.
  await expect(page).toHaveURL(/sensorKey=/);
  await page.reload();
  await expect(page.getByRole("search", { name: "Filter alerts" }).getByLabel("Sensor")).toHaveValue(key);
  await expect(row).toContainText("not an anomaly");

  const [stored] = await sql<{ label: string; labelledBy: string; labelDetectorVersion: string }>(
    `SELECT label, "labelledBy", "labelDetectorVersion" FROM "AlertIncident" WHERE id = $1`,
    [id],
  );
  expect(stored).toMatchObject({ label: "not_anomaly", labelledBy: demoEmail("operator") });
  expect(stored.labelDetectorVersion).toBeTruthy();
  const audit = await sql(`SELECT 1 FROM "AuditEvent" WHERE "targetType" = 'alertIncident' AND "targetId" = $1`, [id]);
  expect(audit).toHaveLength(1);

  // Relabelled real; clicking again clears it.
  await row.getByRole("button", { name: "Real" }).click();
  await expect(row.getByRole("button", { name: "Real" })).toHaveAttribute("aria-pressed", "true");
  await row.getByRole("button", { name: "Real" }).click();
  await expect(row.getByRole("button", { name: "Real" })).toHaveAttribute("aria-pressed", "false");
  expect((await sql<{ label: string | null }>(`SELECT label FROM "AlertIncident" WHERE id = $1`, [id]))[0].label).toBeNull();
});

test("a stakeholder sees labels and their evaluation but gets no label buttons", async ({ page }) => {
  const { key } = await sensorWithEvidence();
  await signIn(page, demoEmail("stakeholder"));
  await page.goto("/alerts");
  await page.getByRole("search", { name: "Filter alerts" }).getByLabel("Sensor").fill(key);
  const row = page.getByTestId(`incident-${key}`);
  await expect(row).toBeVisible();
  await expect(row.getByRole("button", { name: "Real" })).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Labelled incidents" })).toBeVisible();
});
