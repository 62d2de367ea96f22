import { expect, test } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { demoEmail, mutate, signIn, sql } from "./support";

test.afterAll(async () => {
  await sql(`DELETE FROM "JobDefinition" WHERE name LIKE 'e2e trigger %'`);
});

test("an operator creates an HTTP trigger, sees its token once, fires it from outside and finds the run; an engineer only reads", async ({ page, baseURL }) => {
  await signIn(page, demoEmail("operator"));
  const name = `e2e trigger ${randomUUID().slice(0, 6)}`;
  const job = await mutate(page, "jobs.create", { name, kind: "sleep", params: { ms: 5 } });
  expect(job.status).toBe(200);
  await page.goto(`/jobs/${job.data.id}`);
  const panel = page.getByRole("region", { name: "Triggers" });
  await expect(panel.getByText("No triggers")).toBeVisible();

  await panel.getByRole("button", { name: "New trigger" }).click();
  const form = panel.getByRole("form", { name: "New trigger" });
  await form.getByLabel("Trigger name").fill("nightly from cron");
  await form.getByLabel("Event").selectOption("http");
  await form.getByLabel("Parameter mapping").fill("ms = delay");
  await form.getByRole("button", { name: "Create trigger" }).click();

  const token = (await panel.getByTestId("trigger-token").textContent())!;
  expect(token).toMatch(/^gmt_[\w-]{43}$/);
  const curl = (await panel.getByTestId("trigger-token-box").locator("pre").textContent())!;
  const triggerId = /\/api\/triggers\/(\w+)\/fire/.exec(curl)![1];
  const row = panel.getByTestId("trigger-nightly from cron");
  await expect(row).toContainText(`token ${token.slice(0, 10)}…`);
  await expect(row).toContainText("ms ← delay");

  // Shown once: after a reload only its first characters remain.
  await page.reload();
  await expect(row).toBeVisible();
  await expect(panel.getByTestId("trigger-token")).toHaveCount(0);
  expect(await page.content()).not.toContain(token);

  // An external scheduler's call, from outside the browser.
  const refused = await fetch(`${baseURL}/api/triggers/${triggerId}/fire`, {
    method: "POST",
    headers: { authorization: "Bearer gmt_wrong", "content-type": "application/json" },
    body: "{}",
  });
  expect(refused.status).toBe(401);
  const res = await fetch(`${baseURL}/api/triggers/${triggerId}/fire`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "idempotency-key": `e2e-${randomUUID()}` },
    body: JSON.stringify({ delay: 25 }),
  });
  expect(res.status).toBe(202);
  const fired = (await res.json()) as { runId: string; outcome: string };
  expect(fired.outcome).toBe("started");

  const firing = panel.getByTestId("firing-row").first();
  await expect(firing.getByTestId("firing-outcome")).toHaveAttribute("data-outcome", "started");
  await firing.getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/runs/${fired.runId}$`));
  await expect(page.getByTestId("run-trigger")).toContainText('event by trigger "nightly from cron" (http)');

  await page.goto(`/jobs/${job.data.id}`);
  await panel.getByTestId("trigger-nightly from cron").getByRole("button", { name: "Disable" }).click();
  await expect(row.getByTestId("trigger-state")).toHaveText("disabled");
  const disabled = await fetch(`${baseURL}/api/triggers/${triggerId}/fire`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: "{}",
  });
  expect(disabled.status).toBe(409);

  await page.context().clearCookies();
  await signIn(page, demoEmail("engineer"));
  await page.goto(`/jobs/${job.data.id}`);
  await expect(panel.getByTestId("trigger-nightly from cron")).toBeVisible();
  await expect(panel.getByRole("button", { name: "New trigger" })).toHaveCount(0);
  await expect(panel.getByRole("button", { name: "Disable" })).toHaveCount(0);
});
