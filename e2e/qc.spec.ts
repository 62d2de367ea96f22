import { expect, test } from "@playwright/test";
import { demoEmail, signIn, sql } from "./support";

test("an engineer sets a quantity's QC tests, is refused an inverted range, and sees them saved", async ({ page }) => {
  const quantity = `qc_e2e_${Date.now()}`;
  await signIn(page, demoEmail("engineer"));
  await page.getByRole("link", { name: "Quality control" }).click();
  await expect(page.getByTestId("qc-tests")).toContainText("flat_line");
  await expect(page.getByTestId("qc-tests")).toContainText("Redundant pair ratio");

  const form = page.getByRole("form", { name: "Add a quantity" });
  await form.getByLabel("Quantity").fill(quantity);
  await form.getByLabel("Tests").fill(JSON.stringify({ gross_range: { enabled: true, params: { failMin: 50, failMax: 0 } } }));
  await form.getByRole("button", { name: "Add" }).click();
  await expect(page.getByTestId("form-error")).toContainText("failMin must be below failMax");

  await form.getByLabel("Tests").fill("{ not json");
  await form.getByRole("button", { name: "Add" }).click();
  await expect(page.getByTestId("form-error")).toContainText("Not valid JSON");

  await form.getByLabel("Tests").fill(JSON.stringify({ gross_range: { enabled: true, params: { failMin: 0, failMax: 75 } } }));
  await form.getByRole("button", { name: "Add" }).click();
  await expect(page.getByTestId("qc-saved")).toContainText("re-evaluated");
  await expect(page.getByTestId(`qc-quantity-${quantity}`).getByLabel(`Tests for ${quantity}`)).toHaveValue(/"failMax": 75/);
  const [audit] = await sql<{ n: string }>(`SELECT count(*) AS n FROM "AuditEvent" WHERE action = 'qc.setQuantityConfig' AND "targetId" = $1`, [
    `quantity:${quantity}`,
  ]);
  expect(Number(audit.n)).toBe(1);
});

test("a sensor's QC flags show their test, version and parameters, and taking one back marks its range good", async ({ page }) => {
  const key = `qc-e2e-${Date.now()}`;
  await sql(
    `INSERT INTO "Sensor" (id, key, name, quantity, unit, "infraType", region, site, "updatedAt") VALUES ($1, $1, 'QC e2e', 'wind_speed', 'm/s', 'wind_mast', 'qc-e2e', 'qc-e2e', now())`,
    [key],
  );
  await sql(
    `INSERT INTO "SensorFlag" (id, "sensorId", "from", "to", reason, "createdBy", source, severity, test, "testVersion", params)
     VALUES ($1 || '-f', $1, now() - interval '2 hours', now() - interval '1 hour', 'QC spike v1: fail', 'qc', 'auto', 'fail', 'spike', 1, '{"suspect": 4, "fail": 10}')`,
    [key],
  );
  await signIn(page, demoEmail("operator"));
  await page.goto(`/sensors/${key}`);
  const panel = page.getByRole("region", { name: "Quality-control flags" });
  const row = panel.getByTestId("qc-flags").locator("tbody tr");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("spike v1");
  await expect(row).toContainText("fail");
  await expect(row).toContainText('{"fail":10,"suspect":4}');
  // The manual flags list stays the manual one.
  await expect(page.getByTestId("flags").locator("tbody tr")).toHaveCount(0);

  await row.getByRole("button", { name: "Take back spike flag" }).click();
  await expect(row).toHaveCount(0);
  await expect(panel.getByTestId("qc-overrides").locator("tbody tr")).toContainText("Auto flag (spike) taken back by hand");
  const [override] = await sql<{ n: string }>(`SELECT count(*) AS n FROM "SensorQcOverride" WHERE "sensorId" = $1`, [key]);
  expect(Number(override.n)).toBe(1);
});

test("a stakeholder reads the QC page but cannot change it", async ({ page }) => {
  await signIn(page, demoEmail("stakeholder"));
  await page.getByRole("link", { name: "Quality control" }).click();
  await expect(page.getByTestId("qc-tests")).toBeVisible();
  await expect(page.getByRole("form", { name: "Add a quantity" })).toHaveCount(0);
  const status = await page.evaluate(async () => {
    const res = await fetch("/api/trpc/qc.setQuantityConfig", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { quantity: "x", tests: {} } }),
    });
    return res.status;
  });
  expect(status).toBe(403);
});
