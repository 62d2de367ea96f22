import { expect, test } from "@playwright/test";
import { demoEmail, signIn } from "./support";

const TEN_MIN = 600_000;
const columns = ["Spd80mN", "Spd80mNStd", "Spd60mN", "Dir78mS", "T2m", "BattMin"];

/** A Campbell TOA5 file as a CR1000X writes it: 10-minute rows from `from`, stamped at the period end. */
function toa5(serial: string, from: number, rows: number, first: number): Buffer {
  const stamp = (at: number) => new Date(at).toISOString().slice(0, 19).replace("T", " ");
  const lines = [
    `"TOA5","E2EMast","CR1000X","${serial}","CR1000X.Std.06.01","CPU:E2EMast.CR1X","27443","Ten_Min"`,
    `"TIMESTAMP","RECORD",${columns.map((c) => `"${c}"`).join(",")}`,
    `"TS","RN","m/s","m/s","m/s","Deg","Deg C","Volts"`,
    `"","","Avg","Std","Avg","WVc","Avg","Min"`,
    ...Array.from({ length: rows }, (_, i) => {
      const n = first + i;
      return `"${stamp(from + n * TEN_MIN)}",${n},${(6 + (n % 5) / 10).toFixed(2)},0.80,${(5.4 + (n % 3) / 10).toFixed(2)},${200 + n},3.50,12.6`;
    }),
  ];
  return Buffer.from(lines.join("\r\n") + "\r\n");
}

test("an operator adds a station and logger, confirms the points of its first file once, and the next file imports with no question", async ({ page }) => {
  const run = Date.now().toString(36);
  const serial = `e2e-${run}`;
  // Five hours back to now, so the point's chart (last 24 h) shows the readings.
  const from = Math.floor(Date.now() / TEN_MIN) * TEN_MIN - 5 * 3_600_000;
  const first = { name: `mast-${run}-1.dat`, mimeType: "text/plain", buffer: toa5(serial, from, 18, 1) };
  const second = { name: `mast-${run}-2.dat`, mimeType: "text/plain", buffer: toa5(serial, from, 14, 16) };

  await signIn(page, demoEmail("operator"));
  await page.getByRole("link", { name: "Stations" }).click();
  await expect(page.getByRole("heading", { name: "Stations" })).toBeVisible();
  await page.getByText("Add a station").click();
  const stationForm = page.getByRole("form", { name: "Add a station" });
  await stationForm.getByLabel("Station name").fill(`E2E Mast ${run}`);
  await stationForm.getByLabel("Type").selectOption("mast");
  await stationForm.getByLabel("Latitude").fill("53.4");
  await stationForm.getByLabel("Longitude").fill("-7.2");
  await stationForm.getByRole("button", { name: "Add station" }).click();
  await expect(page.getByRole("heading", { name: `E2E Mast ${run}` })).toBeVisible();

  await page.getByText("Add a logger").click();
  const loggerForm = page.getByRole("form", { name: "Add a logger" });
  await loggerForm.getByLabel("Make").fill("Campbell Scientific");
  await loggerForm.getByLabel("Model").fill("CR1000X");
  await loggerForm.getByLabel("Serial").fill(serial);
  await loggerForm.getByLabel("Stamps mark the period end").check();
  await loggerForm.getByRole("button", { name: "Add logger" }).click();
  const logger = page.getByTestId(`logger-${serial}`);
  await expect(logger).toBeVisible();

  // First file: the columns come back as proposed measurement points.
  await logger.getByLabel("File of this logger").setInputFiles(first);
  await logger.getByRole("button", { name: "Import file" }).click();
  const mapping = logger.getByTestId("column-mapping");
  await expect(mapping.locator("tbody tr")).toHaveCount(columns.length);
  await expect(mapping.getByLabel("Quantity of Spd80mN", { exact: true })).toHaveValue("wind_speed");
  await expect(mapping.getByLabel("Height of Spd80mN", { exact: true })).toHaveValue("80");
  await expect(mapping.getByLabel("Orientation of Spd80mN", { exact: true })).toHaveValue("N");
  await expect(mapping.getByLabel("Statistic of Spd80mN", { exact: true })).toHaveValue("avg");
  await expect(mapping.getByLabel("Unit of Spd80mN", { exact: true })).toHaveValue("m/s");
  await expect(mapping.getByLabel("Statistic of Spd80mNStd", { exact: true })).toHaveValue("sd");
  await expect(mapping.getByLabel("Quantity of Dir78mS", { exact: true })).toHaveValue("wind_direction");
  await expect(mapping.getByLabel("Orientation of Dir78mS", { exact: true })).toHaveValue("S");
  await expect(mapping.getByLabel("Statistic of BattMin", { exact: true })).toHaveValue("min");
  // The operator corrects one height and ignores the battery, then confirms once.
  await mapping.getByLabel("Height of Spd60mN", { exact: true }).fill("59.5");
  await mapping.getByLabel("Use of BattMin", { exact: true }).selectOption("ignore");
  await mapping.getByRole("button", { name: "Confirm points and import" }).click();
  await expect(logger.getByRole("status")).toHaveText(`Queued: ${first.name}.`);
  await expect(mapping).toHaveCount(0);

  const firstRow = logger.getByTestId("logger-files").locator("tbody tr", { hasText: first.name });
  await expect(firstRow.getByTestId("status")).toHaveText("succeeded", { timeout: 30_000 });
  await expect(firstRow.getByTestId("rows")).toHaveText("18");
  await expect(firstRow.getByTestId("points")).toHaveText(String(18 * 5));
  await expect(logger.getByTestId("column-states")).toHaveText("5 column(s) mapped, 1 ignored, 0 held");
  // The original file, kept under its retention class, downloads byte for byte.
  await expect(firstRow.getByTestId("original")).toContainText(/Download .* until \d{4}-\d{2}-\d{2}/);
  const href = await firstRow.getByTestId("original").getByRole("link").getAttribute("href");
  const original = await page.request.get(href!);
  expect(original.status()).toBe(200);
  expect(Buffer.from(await original.body()).equals(first.buffer)).toBe(true);
  await expect(firstRow.getByTestId("conflicts")).toHaveText("—");

  const points = page.getByTestId("station-points");
  await expect(points.locator("tbody tr")).toHaveCount(5);
  await expect(page.getByTestId("point-Spd60mN")).toContainText("59.5 m");
  await expect(page.getByTestId("point-Dir78mS")).toContainText("wind_direction");

  // Second file of the same logger, overlapping the first by three rows: imported with no mapping step.
  await logger.getByLabel("File of this logger").setInputFiles(second);
  await logger.getByRole("button", { name: "Import file" }).click();
  await expect(logger.getByRole("status")).toHaveText(`Queued: ${second.name}.`);
  await expect(logger.getByTestId("column-mapping")).toHaveCount(0);
  const secondRow = logger.getByTestId("logger-files").locator("tbody tr", { hasText: second.name });
  await expect(secondRow.getByTestId("status")).toHaveText("succeeded", { timeout: 30_000 });
  await expect(secondRow.getByTestId("rows")).toHaveText("14");

  await expect(secondRow.getByTestId("conflicts")).toHaveText("—");
  await expect(page.getByTestId("recovery-Spd80mN").getByTestId("recovery-total")).toHaveText(/^\d+(\.\d)?%$/);
  await expect(page.getByTestId("recovery-Spd80mN").locator(".badge")).not.toHaveCount(0);

  // A dated configuration version with the anemometer's calibration certificate.
  await page.getByText("Add a configuration version").click();
  const configForm = page.getByRole("form", { name: "Add a configuration version" });
  await configForm.getByLabel("Point").selectOption({ label: "Spd80mN" });
  await configForm.getByLabel("Valid from (UTC)").fill("2024-06-01");
  await configForm.getByLabel("Sensor serial").fill("TC-1001");
  await configForm.getByLabel("Calibration slope").fill("1.02");
  await configForm.getByLabel("Calibration offset").fill("0.1");
  await configForm.getByLabel("Certificate").fill("DEWI-2024-0042");
  await configForm.getByRole("button", { name: "Save version" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toHaveText("Saved: readings from then on are corrected × 1.0200 + 0.1000.");
  await expect(page.getByTestId("point-Spd80mN").getByTestId("point-config")).toContainText(
    "from 2024-06-01 · sensor TC-1001 · certificate DEWI-2024-0042 · calibration 1.02 / 0.1 (1 version)",
  );

  // The point's chart: 18 + 14 rows with three shared stamps give 29 readings, no duplicates.
  await page.getByTestId("point-Spd80mN").getByRole("link", { name: "Spd80mN" }).click();
  await expect(page.getByTestId("reading-count")).toHaveText("29");
  await expect(page.getByTestId("sensor-chart").locator(".recharts-line-curve")).toHaveAttribute("d", /^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){20,}/);
});

test("an operator downloads a station as Task 43 JSON and imports it back as a new station, after a preview of what it creates", async ({ page }) => {
  const run = Date.now().toString(36);
  const serial = `t43-${run}`;
  await signIn(page, demoEmail("operator"));
  await page.goto("/stations");
  await page.getByText("Add a station").click();
  const stationForm = page.getByRole("form", { name: "Add a station" });
  await stationForm.getByLabel("Station name").fill(`T43 Mast ${run}`);
  await stationForm.getByLabel("Latitude").fill("55.1");
  await stationForm.getByLabel("Longitude").fill("-6.5");
  await stationForm.getByLabel("Elevation (m)").fill("120");
  await stationForm.getByRole("button", { name: "Add station" }).click();
  await expect(page.getByRole("heading", { name: `T43 Mast ${run}` })).toBeVisible();
  await page.getByText("Add a logger").click();
  const loggerForm = page.getByRole("form", { name: "Add a logger" });
  await loggerForm.getByLabel("Make").fill("NRG");
  await loggerForm.getByLabel("Serial").fill(serial);
  await loggerForm.getByRole("button", { name: "Add logger" }).click();
  await expect(page.getByTestId(`logger-${serial}`)).toBeVisible();

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download Task 43 JSON" }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.iea43\.json$/);
  const document = JSON.parse(await (await import("node:fs/promises")).readFile((await download.path())!, "utf8"));
  expect(document.measurement_location[0]).toMatchObject({
    name: `T43 Mast ${run}`,
    latitude_ddeg: 55.1,
    longitude_ddeg: -6.5,
    measurement_station_type_id: "mast",
  });
  expect(document.measurement_location[0].logger_main_config[0]).toMatchObject({ logger_oem_id: "NRG Systems", logger_serial_number: serial });

  // The same document as another mast with another logger.
  document.measurement_location[0].name = `T43 Copy ${run}`;
  document.measurement_location[0].logger_main_config[0].logger_serial_number = `${serial}-copy`;
  await page.goto("/stations");
  await page.getByText("Import a Task 43 JSON file").click();
  await page
    .getByLabel("IEA Task 43 WRA data model file (.json)")
    .setInputFiles({ name: "copy.iea43.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(document)) });
  const plan = page.getByTestId("task43-plan");
  await expect(plan.getByRole("row", { name: `Station T43 Copy ${run} create` })).toBeVisible();
  await expect(plan.getByRole("row", { name: `Logger NRG Systems ${serial}-copy create` })).toBeVisible();
  await page.getByRole("button", { name: "Apply these changes" }).click();
  await expect(page.getByRole("status")).toHaveText("Imported.");
  await page.getByRole("link", { name: `T43 Copy ${run}` }).click();
  await expect(page.getByRole("heading", { name: `T43 Copy ${run}` })).toBeVisible();
  await expect(page.getByTestId(`logger-${serial}-copy`)).toBeVisible();
  await expect(page.getByText("55.1, -6.5 · 120 m")).toBeVisible();
});
