import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { fromBuffer, type ZipFile } from "yauzl";
import { env } from "../server/env";
import { demoEmail, signIn, sql } from "./support";

const TYPE = "e2e_export_mast";
const REGION = "e2e-export-north";
const sensors = [
  { key: "e2e-export-ws", quantity: "wind_speed", unit: "m/s" },
  { key: "e2e-export-temp", quantity: "temperature", unit: "°C" },
];

async function seedSensorsAndReadings() {
  for (const s of sensors) {
    await sql(
      `INSERT INTO "Sensor" (id, key, name, quantity, unit, "infraType", region, site, "updatedAt") VALUES ($1, $1, $1, $2, $3, $4, $5, 'e2e', now())
       ON CONFLICT (key) DO NOTHING`,
      [s.key, s.quantity, s.unit, TYPE, REGION],
    );
  }
  const now = Date.now();
  const lines = sensors.flatMap((s) => Array.from({ length: 12 }, (_, i) => `reading,sensor=${s.key} value=${i + 0.5} ${now - 2 * 3_600_000 + i * 600_000}`));
  const headers: Record<string, string> = env().INFLUX_TOKEN ? { authorization: `Token ${env().INFLUX_TOKEN}` } : {};
  await fetch(`${env().INFLUX_URL}/query?q=${encodeURIComponent(`CREATE DATABASE "${env().INFLUX_DB}"`)}`, { method: "POST", headers });
  const res = await fetch(`${env().INFLUX_URL}/write?db=${encodeURIComponent(env().INFLUX_DB)}&precision=ms`, {
    method: "POST",
    headers,
    body: lines.join("\n"),
  });
  expect(res.status).toBe(204);
}

async function zipEntryNames(buffer: Buffer): Promise<string[]> {
  const zip = await new Promise<ZipFile>((resolve, reject) => fromBuffer(buffer, (err, z) => (err ? reject(err) : resolve(z))));
  const names: string[] = [];
  zip.on("entry", (e) => names.push(e.fileName));
  await new Promise((resolve, reject) => zip.on("end", resolve).on("error", reject));
  return names;
}

test("a stakeholder exports a group's readings, sees the worker finish it and downloads the zip", async ({ page }) => {
  await seedSensorsAndReadings();
  await signIn(page, demoEmail("stakeholder"));
  await page.goto(`/reports/${TYPE}/${REGION}`);
  const panel = page.getByTestId("readings-exports");
  await panel.getByRole("button", { name: "Export readings of this period" }).click();

  const row = panel
    .locator("tbody tr")
    .filter({ hasText: `${TYPE} · ${REGION}` })
    .first();
  await expect(row.getByTestId("status")).toHaveText("succeeded", { timeout: 30_000 });
  const [download] = await Promise.all([page.waitForEvent("download"), row.getByTestId("download").click()]);
  expect(download.suggestedFilename()).toMatch(/^gristmill-readings-.*\.zip$/);
  const names = await zipEntryNames(await readFile((await download.path())!));
  expect(names).toEqual(["temperature.csv", "wind_speed.csv"]);
});

test("another user's export cannot be downloaded", async ({ page }) => {
  const [other] = await sql<{ id: string }>(
    `INSERT INTO "ReadingsExport" (id, "requestedBy", params, status, bytes) VALUES ('e2e-foreign-export', 'someone-else@example.org', '{}', 'succeeded', 1)
     ON CONFLICT (id) DO UPDATE SET status = 'succeeded' RETURNING id`,
  );
  await sql(`INSERT INTO "ReadingsExportChunk" ("exportId", seq, data) VALUES ($1, 0, '\\x00') ON CONFLICT DO NOTHING`, [other.id]);
  await signIn(page, demoEmail("stakeholder"));
  const res = await page.request.get(`/api/exports/${other.id}`);
  expect(res.status()).toBe(404);
});

test("past the exports a user may have at once, the panel says to wait for one to finish", async ({ page }) => {
  await seedSensorsAndReadings();
  const email = demoEmail("engineer");
  // Two of the engineer's exports still queued (READINGS_EXPORT_MAX_ACTIVE_PER_USER is 2).
  await sql(
    `INSERT INTO "ReadingsExport" (id, "requestedBy", params, status) VALUES ('e2e-limit-1', $1, '{}', 'queued'), ('e2e-limit-2', $1, '{}', 'queued') ON CONFLICT (id) DO UPDATE SET status = 'queued', "createdAt" = now()`,
    [email],
  );
  try {
    await signIn(page, email);
    await page.goto(`/reports/${TYPE}/${REGION}`);
    const panel = page.getByTestId("readings-exports");
    await panel.getByRole("button", { name: "Export readings of this period" }).click();
    await expect(panel).toContainText("You already have 2 exports queued or running (at most 2 at once); wait for one to finish.");
    // Nothing new was queued.
    expect(await sql(`SELECT id FROM "ReadingsExport" WHERE "requestedBy" = $1 AND status IN ('queued', 'running')`, [email])).toHaveLength(2);
  } finally {
    await sql(`DELETE FROM "ReadingsExport" WHERE id IN ('e2e-limit-1', 'e2e-limit-2')`);
  }
});
