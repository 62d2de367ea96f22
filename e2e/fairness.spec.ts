import { expect, test } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { demoEmail, mutate, signIn, sql } from "./support";

const unique = (what: string) => `e2e ${what} ${randomUUID().slice(0, 6)}`;

test.afterAll(async () => {
  await sql(`DELETE FROM "JobDefinition" WHERE name LIKE 'e2e %'`);
});

test("an operator gives a job a fair-share weight and a deadline, told when one is out of range; its run shows the deadline and its scope", async ({
  page,
}) => {
  const name = unique("weighted");
  await signIn(page, demoEmail("operator"));
  await page.goto("/jobs");
  await page.getByRole("button", { name: "New job" }).click();
  const form = page.getByRole("form", { name: "New job" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Kind").selectOption("sleep");
  await form.getByLabel(/^ms/).fill("100");
  const weight = form.getByLabel("Fair-share weight");
  await weight.evaluate((input: HTMLInputElement) => input.removeAttribute("max")); // let the server judge it
  await weight.fill("500");
  await form.getByLabel("Deadline (seconds after queued)").fill("90");
  await form.getByRole("button", { name: "Create job" }).click();
  await expect(form.getByTestId("error-scopeWeight")).toContainText("Weight is at most 100");

  await weight.fill("3");
  await form.getByRole("button", { name: "Create job" }).click();
  const row = page.getByTestId(`job-${name}`);
  await expect(row).toBeVisible();
  await row.getByRole("link", { name }).click();
  await expect(page.getByTestId("job-scope-weight")).toHaveText("3");
  await expect(page.getByTestId("job-deadline")).toHaveText("90 s after queued");

  const [def] = await sql<{ id: string }>(`SELECT id FROM "JobDefinition" WHERE name = $1`, [name]);
  const { data: run } = await mutate(page, "jobs.runNow", { id: def.id });
  await page.goto(`/runs/${run.id}`);
  await expect(page.getByTestId("run-scope")).toHaveText(`definition:${def.id}`);
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "succeeded", { timeout: 20_000 });
  await expect(page.getByTestId("run-deadline")).toContainText("met");
  await expect(page.getByTestId("run-boosted")).toHaveCount(0);
});

test("the dashboard charts SLA breaches and lists completion targets per complexity class; the server refuses weights from those who may not edit", async ({
  page,
  browser,
}) => {
  await signIn(page, demoEmail("operator"));
  await page.goto("/dashboard");
  const table = page.getByTestId("completion-sla-table");
  await expect(table).toContainText("simple");
  await expect(table).toContainText("moderate");
  await expect(table).toContainText("complex");
  await expect(page.getByTestId("sla-breaches-chart")).toBeVisible();
  await expect(page.getByTestId("completion-sla-breaches")).toBeVisible();

  const engineer = await browser.newPage();
  await signIn(engineer, demoEmail("engineer"));
  expect((await mutate(engineer, "jobs.create", { name: unique("sneaky"), kind: "noop", scopeWeight: 100 })).status).toBe(403);
  await engineer.close();
  for (const scopeWeight of [0, 101, 1.5, "9", null]) {
    expect((await mutate(page, "jobs.create", { name: unique("hostile"), kind: "noop", scopeWeight })).status).toBe(400);
  }
  for (const deadlineMs of [0, -1, 8 * 86_400_000, "soon"]) {
    expect((await mutate(page, "jobs.create", { name: unique("hostile"), kind: "noop", deadlineMs })).status).toBe(400);
  }
});
