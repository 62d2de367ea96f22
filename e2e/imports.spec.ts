import { expect, test } from "@playwright/test";
import { demo, demoEmail, signIn, sql } from "./support";

async function ensureSensor(key: string) {
  await sql(
    `INSERT INTO "Sensor" (id, key, name, quantity, unit, "infraType", region, site, "updatedAt")
     VALUES ($1, $1, $1, 'flow', 'l/s', 'water_network', 'e2e', 'pumping-station', now()) ON CONFLICT (key) DO NOTHING`,
    [key],
  );
}

test("an operator uploads a CSV, maps its unknown column, and sees the import finish with its counts", async ({ page }) => {
  await ensureSensor("e2e-water-flow");
  await ensureSensor("e2e-pump-state");
  // A day of its own per run, so the file is new to the duplicate check.
  const day = new Date(Date.UTC(2025, 0, 1) + (Date.now() % 300) * 86_400_000).toISOString().slice(0, 10);
  const fileName = `station-${day}.csv`;
  const rows = Array.from({ length: 10 }, (_, i) => `${day} 0${i}:00:00,${(12 + i / 10).toFixed(1)},${i % 2}`);
  const file = { name: fileName, mimeType: "text/csv", buffer: Buffer.from(["timestamp,e2e-water-flow,pump_state", ...rows].join("\n") + "\n") };

  await signIn(page, demoEmail("operator"));
  await page.getByRole("link", { name: "Imports" }).click();
  await page.getByLabel("Logger file", { exact: true }).setInputFiles(file);
  await page.getByLabel("Time zone of its timestamps").fill("UTC");
  await page.getByRole("button", { name: "Read file" }).click();

  const preview = page.getByTestId("import-preview");
  await expect(preview.getByTestId("preview-rows")).toHaveText("10");
  await expect(preview.getByRole("row", { name: /pump_state/ })).toContainText("unknown column");
  await expect(preview.getByLabel("Sensor for e2e-water-flow")).toHaveValue("e2e-water-flow");
  await preview.getByLabel("Sensor for pump_state").selectOption("e2e-pump-state");
  await preview.getByRole("button", { name: "Import" }).click();
  await expect(page.getByRole("status")).toHaveText(`Queued: ${fileName}.`);

  const row = page.getByTestId("imports-table").locator("tbody tr", { hasText: fileName });
  await expect(row.getByTestId("status")).toHaveText("succeeded");
  await expect(row.getByTestId("rows")).toHaveText("10");
  await expect(row.getByTestId("points")).toHaveText("20");
  await expect(row).toContainText(`${day} 00:00:00 UTC`);
  await expect(row).toContainText(`${day} 09:00:00 UTC`);

  // The same file with the same mapping again: nothing new is queued.
  await page.getByLabel("Logger file", { exact: true }).setInputFiles(file);
  await page.getByRole("button", { name: "Read file" }).click();
  await preview.getByLabel("Sensor for pump_state").selectOption("e2e-pump-state");
  await preview.getByRole("button", { name: "Import" }).click();
  await expect(page.getByRole("status")).toContainText(`Already imported: ${fileName}`);
  await expect(page.getByTestId("imports-table").locator("tbody tr", { hasText: fileName })).toHaveCount(1);
});

test("an admin creates a source whose token writes line protocol, then revokes it", async ({ page, request }) => {
  const name = `e2e-logger-${Date.now()}`;
  const sensor = `${name}.temperature`;
  await signIn(page, demo.admin);
  await page.getByRole("link", { name: "Ingest sources" }).click();
  await page.getByLabel("Source name").fill(name);
  await page.getByLabel("Unknown sensors").selectOption("register");
  await page.getByRole("button", { name: "Create source" }).click();
  const token = (await page.getByTestId("new-token").textContent())!;
  expect(token).toMatch(/^gm_/);
  const row = page.getByTestId(`source-row-${name}`);
  await expect(row).toContainText(token.slice(0, 10));
  await expect(row).not.toContainText(token);
  await expect(row).toContainText("never");

  const write = () =>
    request.post(`/api/v2/write?bucket=readings&org=gristmill&precision=s`, {
      headers: { authorization: `Token ${token}`, "content-type": "text/plain" },
      data: `env,sensor=${name} temperature=21.5 ${Math.floor(Date.now() / 1000)}`,
    });
  expect((await write()).status()).toBe(204);
  const [registered] = await sql<{ state: string; lastValue: number }>(`SELECT state, "lastValue" FROM "Sensor" WHERE key = $1`, [sensor]);
  expect(registered).toEqual({ state: "pending", lastValue: 21.5 });
  await page.reload();
  await expect(row).not.toContainText("never");

  await row.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("dialog", { name: "Confirm revocation" }).getByRole("button", { name: "Revoke token" }).click();
  await expect(row).toContainText("revoked");
  const refused = await write();
  expect(refused.status()).toBe(401);
  expect(await refused.json()).toEqual({ code: "unauthorized", message: "unauthorized access" });
});
