import { expect, test } from "@playwright/test";
import { demo, demoEmail, signIn, sql } from "./support";

test("an operator shortens a policy after seeing how much it removes, and the change is in the audit trail", async ({ page, browser }) => {
  await sql(`DELETE FROM "RetentionPolicy" WHERE "dataClass" = 'metrics_history'`);
  await sql(
    `INSERT INTO "JobMetricMinute" (minute, "workerId", queue, priority, kind, completed, failed, records, "slaBreaches", "waitBuckets", "runBuckets")
     SELECT now() - interval '200 days', $1, 'q', 'P2', 'k' || i, 1, 0, 0, 0, '{}', '{}' FROM generate_series(1, 3) AS i`,
    [`e2e-retention-${Date.now()}`],
  );
  const [{ n: expected }] = await sql<{ n: string }>(`SELECT count(*) AS n FROM "JobMetricMinute" WHERE minute < now() - interval '120 days'`);

  await signIn(page, demoEmail("operator"));
  await page.getByRole("link", { name: "Retention" }).click();
  const row = page.getByTestId("retention-metrics_history");
  await expect(row.getByTestId("days")).toHaveText("365 days");
  // The audit trail's period is the administrators' to change.
  const audit = page.getByTestId("retention-audit_trail");
  await expect(audit).toContainText("Administrators only");
  await expect(audit.getByLabel("New period for Audit trail")).toHaveCount(0);

  await row.getByLabel("New period for Metrics history").fill("30");
  await row.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("form-error")).toContainText("between 90 and 730 days");

  await row.getByLabel("New period for Metrics history").fill("120");
  await row.getByRole("button", { name: "Save" }).click();
  const dialog = page.getByRole("dialog", { name: "Confirm shorter retention" });
  await expect(dialog.getByTestId("will-remove")).toHaveText(String(expected));
  await dialog.getByRole("button", { name: "Remove them and save" }).click();
  await expect(row.getByTestId("days")).toHaveText("120 days");

  const adminPage = await browser.newPage();
  await signIn(adminPage, demo.admin);
  // Straight there: the Overview it lands on may still be rendering every region earlier tests left.
  await adminPage.goto("/retention");
  await expect(adminPage.getByTestId("retention-audit_trail").getByLabel("New period for Audit trail")).toBeVisible();
  await adminPage.getByRole("link", { name: "Audit trail" }).click();
  await adminPage.getByLabel("Action").fill("retention.update");
  await adminPage.getByRole("button", { name: "Filter" }).click();
  const first = adminPage.getByTestId("audit-table").locator("tbody tr").first();
  await expect(first).toContainText(demoEmail("operator"));
  await expect(first).toContainText('{"days":365} → {"days":120}');
  await adminPage.close();
});

test("a stakeholder sees no retention page and the server refuses the change anyway", async ({ page }) => {
  await signIn(page, demoEmail("stakeholder"));
  await expect(page.getByRole("link", { name: "Retention" })).toHaveCount(0);
  const status = await page.evaluate(async () => {
    const res = await fetch("/api/trpc/retention.update", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { dataClass: "metrics_history", days: 100, confirmRemoval: true } }),
    });
    return res.status;
  });
  expect(status).toBe(403);
});
