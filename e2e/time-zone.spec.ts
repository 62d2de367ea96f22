import { expect, test } from "@playwright/test";
import { demoEmail, signIn, sql } from "./support";

const engineer = demoEmail("engineer");

test.afterEach(async () => {
  // Other specs expect the demo accounts to follow the browser's zone (UTC here).
  await sql(`UPDATE "User" SET "timeZone" = NULL WHERE email = $1`, [engineer]);
});

test("a user picks a time zone on the Account page and sees a run's time in it, UTC on hover", async ({ page }) => {
  const tag = Date.now().toString(36);
  const runId = `run_tz_${tag}`;
  // 12:00 UTC is 21:00 in Tokyo (no daylight saving there, so the expectation holds all year).
  await sql(
    `INSERT INTO "JobRun" (id, "jobName", kind, params, priority, queue, trigger, "queuedAt") VALUES ($1, 'tz check', 'sleep', '{}', 'P2', 'jobs', 'manual', $2)`,
    [runId, new Date("2026-06-15T12:00:00Z")],
  );

  // A zone the server and the browser disagreed on would show as a hydration error (React #418 in production builds).
  const hydrationErrors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /hydrat|#418|#423|#425/i.test(m.text())) hydrationErrors.push(m.text());
  });
  page.on("pageerror", (e) => {
    if (/hydrat|#418|#423|#425/i.test(e.message)) hydrationErrors.push(e.message);
  });

  await signIn(page, engineer);
  await page.goto(`/runs/${runId}`);
  const queued = page.getByTestId("run-queued").locator("time").first();
  await expect(queued).toHaveText("2026-06-15 12:00:00 UTC");

  await page.goto("/account");
  await page.getByRole("combobox", { name: "Time zone" }).selectOption("Asia/Tokyo");
  await page.getByRole("button", { name: "Save time zone" }).click();
  await expect(page.getByTestId("time-zone-saved")).toContainText("Asia/Tokyo");

  await page.goto(`/runs/${runId}`);
  await expect(queued).toHaveText("2026-06-15 21:00:00 GMT+9");
  await queued.hover();
  await expect(queued).toHaveAttribute("title", "2026-06-15 12:00:00 UTC");
  await expect(queued).toHaveAttribute("datetime", "2026-06-15T12:00:00.000Z");
  // The relative age beside it carries the local time and UTC in its tooltip.
  const age = page.getByTestId("run-queued").locator("time").nth(1);
  await expect(age).toHaveText(/ago$/);
  await expect(age).toHaveAttribute("title", "2026-06-15 21:00:00 GMT+9 · 2026-06-15 12:00:00 UTC");

  // Server-rendered in the zone from the first paint: the HTML itself is in Tokyo time, before any script runs.
  const html = await (await page.request.get("/account")).text();
  expect(html).toMatch(/data-zone="Asia\/Tokyo"[^>]*>\d{4}-\d\d-\d\d \d\d:\d\d GMT\+9</);

  // Back to following the browser.
  await page.goto("/account");
  await page.getByRole("combobox", { name: "Time zone" }).selectOption({ label: "Follow my browser" });
  await page.getByRole("button", { name: "Save time zone" }).click();
  await expect(page.getByTestId("time-zone-saved")).toContainText("your browser's zone");
  await page.goto(`/runs/${runId}`);
  await expect(queued).toHaveText("2026-06-15 12:00:00 UTC");
  expect(hydrationErrors).toEqual([]);
});

test("a chart with nothing to draw says why and what to do", async ({ page }) => {
  const stamp = Date.now().toString(36);
  const key = `e2e-tz-silent-${stamp}`;
  const region = `tz-${stamp}`;
  const silentSince = new Date("2026-06-15T12:00:00Z");
  await sql(
    `INSERT INTO "Sensor" (id, key, name, quantity, unit, "infraType", region, site, "intervalSeconds", "validMin", "validMax", "lastReadingAt", "lastValue", "updatedAt")
     VALUES ($1, $1, $2, 'temperature', '°C', 'building', $3, 'E2E Building', 60, -40, 80, $4, 10, now())`,
    [key, `E2E silent sensor ${stamp}`, region, silentSince],
  );
  await sql(`UPDATE "User" SET "timeZone" = 'Asia/Tokyo' WHERE email = $1`, [engineer]);
  await signIn(page, engineer);

  // A sensor silent since before the window: when, in the user's zone, and what to do.
  await page.goto(`/sensors/${encodeURIComponent(key)}`);
  const empty = page.getByTestId("sensor-chart-empty");
  await expect(empty).toContainText("No readings in this range: the sensor has been silent since 2026-06-15 21:00:00 GMT+9");
  await expect(empty).toContainText("Widen the range");
  await expect(page.getByText("-40 °C … 80 °C")).toBeVisible();

  // A report group with no reports in the period.
  await page.goto(`/reports/building/${region}`);
  await expect(page.getByTestId("values-chart-empty")).toContainText("No reports in this period");
  await expect(page.getByTestId("values-chart-empty")).toContainText("check on the Jobs page that the report job runs");
});

test("date-time fields are typed in the user's zone: a range flagged 21:00–22:00 in Tokyo is 12:00–13:00 UTC", async ({ page }) => {
  const stamp = Date.now().toString(36);
  const key = `e2e-tz-flag-${stamp}`;
  await sql(
    `INSERT INTO "Sensor" (id, key, name, quantity, unit, "infraType", region, site, "intervalSeconds", "updatedAt")
     VALUES ($1, $1, $2, 'temperature', '°C', 'building', 'tz-flag', 'E2E Building', 60, now())`,
    [key, `E2E tz flag sensor ${stamp}`],
  );
  await sql(`UPDATE "User" SET "timeZone" = 'Asia/Tokyo' WHERE email = $1`, [engineer]);
  await signIn(page, engineer);
  await page.goto(`/sensors/${encodeURIComponent(key)}`);

  const flag = page.getByRole("form", { name: "Flag a range" });
  // The field starts at the user's wall clock (Tokyo, UTC+9), not the browser's (UTC here).
  const now = Date.now();
  const shown = await flag.getByLabel("From").inputValue();
  const asTokyo = Date.parse(`${shown}:00+09:00`);
  expect(Math.abs(asTokyo - (now - 3_600_000))).toBeLessThan(5 * 60_000);
  await expect(flag.getByLabel("From")).toHaveAttribute("title", "In Asia/Tokyo");

  await flag.getByLabel("From").fill("2026-06-15T21:00");
  await flag.getByLabel("To").fill("2026-06-15T22:00");
  await flag.getByLabel("Reason").fill("tz check");
  await flag.getByRole("button", { name: "Flag range" }).click();
  await expect(page.getByTestId("flags")).toContainText("tz check");
  await expect(page.getByTestId("flags")).toContainText("2026-06-15 21:00:00 GMT+9");
  const [stored] = await sql<{ from: Date; to: Date }>(`SELECT "from", "to" FROM "SensorFlag" f JOIN "Sensor" s ON s.id = f."sensorId" WHERE s.key = $1`, [
    key,
  ]);
  expect(new Date(stored.from).toISOString()).toBe("2026-06-15T12:00:00.000Z");
  expect(new Date(stored.to).toISOString()).toBe("2026-06-15T13:00:00.000Z");

  await sql(`DELETE FROM "Sensor" WHERE key = $1`, [key]);
});
