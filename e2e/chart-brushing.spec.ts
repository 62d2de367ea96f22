import { readFile } from "node:fs/promises";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { unzip } from "../tests/support/unzip";
import { influx } from "../server/influx/influx-client";
import { writeReadings } from "../server/readings/write-readings";
import { demoEmail, signIn, sql } from "./support";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const TYPE = "e2e_brush";

/** A wind-speed sensor of its own report group with a reading every minute over the last five hours (all inside the chart's 6 h window). */
async function sensorWithReadings(name: string, extra: { station?: { id: string; point: string } } = {}) {
  const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const region = `e2e-brush-${stamp}`;
  const key = `${region}.${name}`;
  const last = Math.floor(Date.now() / MINUTE) * MINUTE - MINUTE;
  await sql(
    `INSERT INTO "Sensor" (id, key, name, quantity, unit, "infraType", region, site, "intervalSeconds", "lastReadingAt", "lastValue", "updatedAt")
     VALUES ($1, $1, $2, 'wind_speed', 'm/s', $3, $4, 'E2E mast', 60, $5, 8, now())`,
    [key, `E2E brushed ${name} ${stamp}`, TYPE, region, new Date(last)],
  );
  if (extra.station) {
    await sql(
      `INSERT INTO "MeasurementPoint" (id, "stationId", "sensorId", name, quantity, statistic, unit) VALUES ($1, $2, $1, $3, 'wind_speed', 'avg', 'm/s')`,
      [key, extra.station.id, extra.station.point],
    );
  }
  const times = Array.from({ length: 5 * 60 }, (_, i) => last - i * MINUTE);
  await writeReadings(influx(), { points: times.map((time, i) => ({ sensorKey: key, time, value: 8 + (i % 7) / 10, quantity: "wind_speed", region })) });
  return { key, region, times };
}

/** Drags across the chart's plot area from one fraction of its width to another. */
async function brush(page: Page, chart: Locator, fromFraction: number, toFraction: number) {
  await chart.scrollIntoViewIfNeeded();
  const plot = await chart.locator(".recharts-cartesian-grid").boundingBox();
  if (!plot) throw new Error("chart has no plot area");
  const y = plot.y + plot.height / 2;
  await page.mouse.move(plot.x + plot.width * fromFraction - 5, y);
  await page.mouse.move(plot.x + plot.width * fromFraction, y, { steps: 3 });
  await page.mouse.down();
  await page.mouse.move(plot.x + plot.width * toFraction, y, { steps: 12 });
  await page.mouse.up();
}

async function flagsOf(key: string) {
  return sql<{ from: Date; to: Date; reason: string; createdBy: string }>(
    `SELECT "from", "to", reason, "createdBy" FROM "SensorFlag" WHERE "sensorId" = $1 AND source = 'manual' ORDER BY "from"`,
    [key],
  );
}

test("an operator brushes a range on the chart and flags it; its readings turn red and leave the rebuilt report and the export", async ({ page }) => {
  // A worker rebuilds the report and builds the export in the middle.
  test.setTimeout(150_000);
  const { key, region, times } = await sensorWithReadings("ws80");
  await signIn(page, demoEmail("operator"));
  await page.goto(`/sensors/${encodeURIComponent(key)}`);
  await page.getByRole("group", { name: "Chart window" }).getByRole("button", { name: "6 h" }).click();
  const chart = page.getByTestId("sensor-chart");
  await expect(chart).toHaveAttribute("data-points", String(times.length));
  await expect(chart).toHaveAttribute("data-flagged-points", "0");
  await expect(page.getByTestId("brush-hint")).toBeVisible();

  await brush(page, chart, 0.3, 0.55);
  const form = page.getByTestId("brush-form");
  await expect(form.getByTestId("brush-range")).toContainText("on 1 point(s)");
  await expect(chart.locator(".brush-selection")).toHaveCount(1);
  await form.getByLabel("Reason").fill("icing (e2e)");
  await form.getByRole("button", { name: "Flag range", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Flagged the range on 1 point(s)." })).toBeVisible();

  const [flag] = await flagsOf(key);
  expect(flag).toMatchObject({ reason: "icing (e2e)", createdBy: demoEmail("operator") });
  const inFlag = (t: number) => t >= flag.from.getTime() && t <= flag.to.getTime();
  const flaggedCount = times.filter(inFlag).length;
  // A quarter of six hours (90 readings): the drag picked the range, not a default.
  expect(flaggedCount).toBeGreaterThan(60);
  expect(flaggedCount).toBeLessThan(120);
  // Drawn red at once, and gone from the kept line.
  await expect(chart).toHaveAttribute("data-flagged-points", String(flaggedCount));
  await expect(chart).toHaveAttribute("data-points", String(times.length - flaggedCount));
  await expect(page.getByTestId("flags").locator("tbody tr")).toContainText("icing (e2e)");
  await expect(page.getByTestId("brush-hint")).toBeVisible();

  // Reports: the flagged hours are rebuilt, and the sensor's windows count only what was kept.
  const rebuildFrom = Math.floor(flag.from.getTime() / HOUR) * HOUR;
  const rebuildTo = Math.ceil(flag.to.getTime() / HOUR) * HOUR;
  await page.goto("/coverage");
  const backfill = page.getByTestId("backfill-form");
  await backfill.getByTestId("backfill-scope").selectOption("report|*");
  await backfill.getByTestId("backfill-from").fill(new Date(rebuildFrom).toISOString().slice(0, 16));
  await backfill.getByTestId("backfill-to").fill(new Date(rebuildTo).toISOString().slice(0, 16));
  await backfill.getByRole("button", { name: "Dry run" }).click();
  await backfill.getByTestId("backfill-start").click();
  await expect(page.getByTestId("backfill-started")).toContainText("Backfill queued");
  const row = page.getByTestId("backfills-table").locator("tbody tr").first();
  await expect(row.getByTestId("backfill-status")).toHaveText("succeeded", { timeout: 60_000 });
  const windows = await sql<{ windowStart: Date; readings: number }>(
    `SELECT r."windowStart", s.readings FROM "ReportSensor" s JOIN "Report" r ON r.id = s."reportId"
     WHERE s."sensorKey" = $1 AND r.resolution = '5m' AND r."windowStart" >= $2 AND r."windowEnd" <= $3 ORDER BY r."windowStart"`,
    [key, new Date(rebuildFrom), new Date(Math.min(rebuildTo, times[0]))],
  );
  expect(windows.length).toBeGreaterThan(0);
  for (const w of windows) {
    const start = w.windowStart.getTime();
    const kept = times.filter((t) => t >= start && t < start + 5 * MINUTE && !inFlag(t)).length;
    expect({ window: w.windowStart.toISOString(), readings: w.readings }).toEqual({ window: w.windowStart.toISOString(), readings: kept });
  }
  expect(windows.some((w) => w.readings === 0)).toBe(true);

  // The export of the group's last 24 hours leaves the flagged readings out.
  await page.goto(`/reports/${TYPE}/${region}`);
  const panel = page.getByTestId("readings-exports");
  await panel.getByRole("button", { name: "Export readings of this period" }).click();
  const exportRow = panel
    .locator("tbody tr")
    .filter({ hasText: `${TYPE} · ${region}` })
    .first();
  await expect(exportRow.getByTestId("status")).toHaveText("succeeded", { timeout: 60_000 });
  const [download] = await Promise.all([page.waitForEvent("download"), exportRow.getByTestId("download").click()]);
  const csv = (await unzip(await readFile((await download.path())!))).get("wind_speed.csv") ?? "";
  const exported = csv
    .trim()
    .split("\n")
    .slice(1)
    .filter((line) => line.includes(key))
    .map((line) => Date.parse(line.split(",")[0]));
  expect(exported).toHaveLength(times.length - flaggedCount);
  expect(exported.filter(inFlag)).toEqual([]);
});

test("the chart brushes by keyboard alone, and unflagging the middle of a flag keeps its two ends", async ({ page }) => {
  const { key, times } = await sensorWithReadings("ws60");
  await signIn(page, demoEmail("engineer"));
  await page.goto(`/sensors/${encodeURIComponent(key)}`);
  await page.getByRole("group", { name: "Chart window" }).getByRole("button", { name: "6 h" }).click();
  const chart = page.getByTestId("sensor-chart");
  await expect(chart).toHaveAttribute("data-points", String(times.length));

  const group = page.getByRole("group", { name: /readings: drag across it/ });
  await group.focus();
  for (let i = 0; i < 10; i++) await page.keyboard.press("ArrowRight");
  for (let i = 0; i < 20; i++) await page.keyboard.press("Shift+ArrowRight");
  const form = page.getByTestId("brush-form");
  await form.getByLabel("Reason").fill("maintenance (e2e)");
  await form.getByRole("button", { name: "Flag range", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Flagged the range" })).toBeVisible();
  const [flag] = await flagsOf(key);
  // Six hours: ten steps of a fiftieth in, twenty steps wide (144 minutes), give or take a reading's rounding.
  expect(flag.to.getTime() - flag.from.getTime()).toBeGreaterThan(140 * MINUTE - 2 * MINUTE);
  expect(flag.to.getTime() - flag.from.getTime()).toBeLessThan(150 * MINUTE);
  await expect(chart).toHaveAttribute("data-flagged-points", /^[1-9]\d*$/);

  // Escape lets go of a range; then the middle of the flag is chosen and unflagged.
  await group.focus();
  await page.keyboard.press("Shift+ArrowRight");
  await expect(form).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("brush-hint")).toBeVisible();
  await page.keyboard.press("Home");
  for (let i = 0; i < 15; i++) await page.keyboard.press("ArrowRight");
  for (let i = 0; i < 10; i++) await page.keyboard.press("Shift+ArrowRight");
  await form.getByLabel("Reason").fill("the mast was fine (e2e)");
  await form.getByRole("button", { name: "Unflag range" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Took back 1 flag(s)" })).toBeVisible();
  const pieces = await flagsOf(key);
  expect(pieces).toHaveLength(2);
  expect(pieces[0].from.getTime()).toBe(flag.from.getTime());
  expect(pieces[1].to.getTime()).toBe(flag.to.getTime());
  expect(pieces[0].to.getTime()).toBeLessThan(pieces[1].from.getTime());
});

test("a station stacks its points on one axis; a range brushed on one is flagged on every ticked point", async ({ page }) => {
  const stamp = Date.now().toString(36);
  const stationId = `e2e-brush-station-${stamp}`;
  await sql(`INSERT INTO "Station" (id, name, slug, type) VALUES ($1, $2, $1, 'mast')`, [stationId, `E2E Brush Mast ${stamp}`]);
  const upper = await sensorWithReadings("spd80", { station: { id: stationId, point: "Spd80mN" } });
  const lower = await sensorWithReadings("spd60", { station: { id: stationId, point: "Spd60mN" } });
  const other = await sensorWithReadings("dir78", { station: { id: stationId, point: "Dir78mS" } });

  await signIn(page, demoEmail("operator"));
  await page.goto(`/stations/${stationId}`);
  const charts = page.getByRole("region", { name: "Station charts" });
  await charts.getByRole("group", { name: "Chart span" }).getByRole("button", { name: "24 h" }).click();
  for (const name of ["Spd80mN", "Spd60mN", "Dir78mS"]) await expect(charts.getByTestId(`point-chart-${name}`)).toHaveAttribute("data-points", "300");
  await charts.getByLabel("Flag Dir78mS").uncheck();

  await brush(page, charts.getByTestId("point-chart-Spd60mN"), 0.85, 0.9);
  // One range, shown on every stacked chart.
  for (const name of ["Spd80mN", "Spd60mN", "Dir78mS"]) await expect(charts.getByTestId(`point-chart-${name}`).locator(".brush-selection")).toHaveCount(1);
  const form = charts.getByTestId("brush-form");
  await expect(form.getByTestId("brush-range")).toContainText("on 2 point(s)");
  await form.getByLabel("Reason").fill("tower shadow (e2e)");
  await form.getByRole("button", { name: "Flag range", exact: true }).click();
  await expect(charts.getByRole("status").filter({ hasText: "Flagged the range on 2 point(s)." })).toBeVisible();

  for (const s of [upper, lower]) {
    const [flag] = await flagsOf(s.key);
    expect(flag.reason).toBe("tower shadow (e2e)");
  }
  expect(await flagsOf(other.key)).toHaveLength(0);
  await expect(charts.getByTestId("point-chart-Spd80mN")).toHaveAttribute("data-flagged-points", /^[1-9]\d*$/);
  await expect(charts.getByTestId("point-chart-Dir78mS")).toHaveAttribute("data-flagged-points", "0");
});

test("a stakeholder's charts cannot be brushed, and the server refuses the flag anyway", async ({ page }) => {
  const { key } = await sensorWithReadings("ws40");
  await signIn(page, demoEmail("stakeholder"));
  await page.goto(`/sensors/${encodeURIComponent(key)}`);
  await expect(page.getByTestId("sensor-chart")).toHaveAttribute("data-points", /\d+/);
  await expect(page.getByRole("group", { name: /drag across it/ })).toHaveCount(0);
  await expect(page.getByTestId("brush-hint")).toHaveCount(0);
  const status = await page.evaluate(async (k) => {
    const res = await fetch("/api/trpc/sensors.flagPoints", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { keys: [k], from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date().toISOString(), reason: "x" } }),
    });
    return res.status;
  }, key);
  expect(status).toBe(403);
  expect(await flagsOf(key)).toHaveLength(0);
});
