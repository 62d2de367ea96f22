import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { env } from "../server/env";
import { demoEmail, signIn, sql } from "./support";

const STATION = "e2e-export-station";
const points = [
  { name: "Spd80mN", quantity: "wind_speed", unit: "m/s", statistic: "avg" },
  { name: "Spd80mNStd", quantity: "wind_speed", unit: "m/s", statistic: "sd" },
  { name: "Dir78m", quantity: "wind_direction", unit: "°", statistic: "avg" },
];
const TEN_MIN = 600_000;
// Whole 10-minute steps, two hours back: inside the panel's default period (the last year up to today).
const start = Math.floor((Date.now() - 2 * 3_600_000) / TEN_MIN) * TEN_MIN;

async function seedStation() {
  await sql(
    `INSERT INTO "Station" (id, name, slug, type, latitude, longitude, "elevationM") VALUES ($1, $1, $1, 'mast', 53.4, -7.2, 95) ON CONFLICT (id) DO NOTHING`,
    [STATION],
  );
  for (const p of points) {
    const key = `${STATION}.${p.name}`;
    await sql(
      `INSERT INTO "Sensor" (id, key, name, quantity, unit, "infraType", region, site, "intervalSeconds", "updatedAt") VALUES ($1, $1, $1, $2, $3, 'wind_mast', 'default', $4, 600, now()) ON CONFLICT (key) DO NOTHING`,
      [key, p.quantity, p.unit, STATION],
    );
    await sql(
      `INSERT INTO "MeasurementPoint" (id, "stationId", "sensorId", name, quantity, statistic, unit) VALUES ($1, $2, $1, $3, $4, $5::"PointStatistic", $6) ON CONFLICT DO NOTHING`,
      [key, STATION, p.name, p.quantity, p.statistic, p.unit],
    );
  }
  const lines = points.flatMap((p, n) =>
    Array.from({ length: 12 }, (_, i) => `reading,sensor=${STATION}.${p.name} value=${n * 100 + i + 0.5} ${start + i * TEN_MIN}`),
  );
  const headers: Record<string, string> = env().INFLUX_TOKEN ? { authorization: `Token ${env().INFLUX_TOKEN}` } : {};
  await fetch(`${env().INFLUX_URL}/query?q=${encodeURIComponent(`CREATE DATABASE "${env().INFLUX_DB}"`)}`, { method: "POST", headers });
  const res = await fetch(`${env().INFLUX_URL}/write?db=${encodeURIComponent(env().INFLUX_DB)}&precision=ms`, {
    method: "POST",
    headers,
    body: lines.join("\n"),
  });
  expect(res.status).toBe(204);
}

test("a stakeholder exports a station as a Windographer text file, watches it build and downloads it", async ({ page }) => {
  await seedStation();
  await signIn(page, demoEmail("stakeholder"));
  await page.goto(`/stations/${STATION}`);
  const panel = page.getByTestId("station-exports");
  const form = panel.getByRole("form", { name: "Export this station's readings" });
  await form.getByLabel("Format").selectOption("windographer-txt");
  await form.getByLabel("Flagged readings").selectOption("blank");
  const before = await panel.locator("tbody tr[data-testid^='station-export-']").count();
  await form.getByRole("button", { name: "Export" }).click();

  const row = panel.locator("tbody tr[data-testid^='station-export-']").first();
  await expect(panel.locator("tbody tr[data-testid^='station-export-']")).toHaveCount(before + 1);
  await expect(row).toContainText("Windographer text, calibrated, flagged blank");
  // Progress as it goes: queued, running with a percentage, then done with its rows and size.
  await expect(row.getByTestId("status")).toHaveText(/^(queued|running \d+%|succeeded)$/);
  await expect(row.getByTestId("status")).toHaveText("succeeded", { timeout: 30_000 });
  await expect(row.getByTestId("rows")).toHaveText("12");
  await expect(row.getByTestId("size")).toHaveText(/^\d+(\.\d+)? (B|KiB)$/);

  const [download] = await Promise.all([page.waitForEvent("download"), row.getByTestId("download").click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^${STATION}-\\d{4}-\\d\\d-\\d\\d-\\d{4}-\\d\\d-\\d\\d\\.txt$`));
  const lines = (await readFile((await download.path())!, "utf8")).split("\n");
  expect(lines[0]).toMatch(/^Created \d{4}-\d\d-\d\d \d\d:\d\d UTC by Gristmill$/);
  expect(lines.slice(2, 6)).toEqual(["Latitude = N 53.400000", "Longitude = W 7.200000", "Elevation = 95 m", "Calm threshold = 0 m/s"]);
  expect(lines.slice(7, 9)).toEqual(["Included flags: <Unflagged data>", "Excluded flags: Gristmill flags"]);
  expect(lines[10]).toBe("Time stamps indicate the beginning of the time step.");
  expect(lines[12]).toBe("Date/Time\tDir78m\tSpd80mN\tSpd80mNStd");
  const first = new Date(start).toISOString().slice(0, 19).replace("T", " ");
  expect(lines[13]).toBe(`${first}\t200.5\t0.5\t100.5`);
  expect(lines.slice(13).filter(Boolean)).toHaveLength(12);
});
