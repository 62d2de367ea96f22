import { expect, test } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { closeSharedRedis, sharedRedis } from "../server/redis";
import { demoEmail, mutate, signIn, sql } from "./support";

test.afterAll(async () => {
  await sql(`DELETE FROM "JobDefinition" WHERE name LIKE 'e2e wf %'`);
  closeSharedRedis();
});

test("a workflow run shows its graph live; a failed node is retried alone by an engineer and its downstream then runs", async ({ page }) => {
  const tag = randomUUID().slice(0, 6);
  const flag = `e2e-wf-${tag}`;
  await sharedRedis().set(`test:flag:${flag}`, "1");
  await signIn(page, demoEmail("operator"));
  const create = async (name: string, kind: string, params: object = {}) =>
    (await mutate(page, "jobs.create", { name: `e2e wf ${name} ${tag}`, kind, params, maxAttempts: 1 })).data as { id: string; name: string };
  const load = await create("load", "noop");
  const judge = await create("judge", "fail-while-flagged", { flag });
  const report = await create("report", "noop");
  expect((await mutate(page, "workflows.setDependencies", { definitionId: judge.id, upstream: [{ definitionId: load.id }] })).status).toBe(200);
  // The second edge through the job page's Workflow panel.
  await page.goto(`/jobs/${report.id}`);
  const panel = page.getByRole("region", { name: "Workflow" });
  const add = panel.getByRole("form", { name: "Add an upstream job" });
  await add.getByLabel("Run after").selectOption({ label: judge.name });
  await add.getByLabel("Condition").selectOption("success");
  await add.getByRole("button", { name: "Add dependency" }).click();
  await expect(panel.getByTestId("upstream")).toHaveText(new RegExp(`${judge.name} on success`));
  // A cycle is refused with its path named, and the page says so.
  await page.goto(`/jobs/${load.id}`);
  await add.getByLabel("Run after").selectOption({ label: report.name });
  await add.getByRole("button", { name: "Add dependency" }).click();
  await expect(panel).toContainText(`These dependencies form a cycle: ${load.name} → ${judge.name} → ${report.name} → ${load.name}`);
  await expect(panel.getByTestId("upstream")).toHaveCount(0);

  const run = (await mutate(page, "jobs.runNow", { id: load.id })).data as { id: string };
  await page.goto(`/runs/${run.id}`);
  const graph = page.getByTestId("workflow-graph");
  const node = (n: string) => graph.locator(`[data-testid="workflow-node"][data-name="e2e wf ${n} ${tag}"]`);
  await expect(node("load")).toHaveAttribute("data-state", "succeeded", { timeout: 20_000 });
  await expect(node("judge")).toHaveAttribute("data-state", "failed", { timeout: 20_000 });
  await expect(node("report")).toHaveAttribute("data-state", "skipped");
  await expect(node("report")).toContainText(`← e2e wf judge ${tag} on success`);
  await expect(graph).toHaveAttribute("data-status", "failed", { timeout: 10_000 });
  // An operator edits the graph but does not retry runs.
  await expect(node("judge").getByRole("button", { name: "Retry this node" })).toHaveCount(0);

  await page.context().clearCookies();
  await signIn(page, demoEmail("engineer"));
  await page.goto(`/runs/${run.id}`);
  await sharedRedis().del(`test:flag:${flag}`);
  await node("judge").getByRole("button", { name: "Retry this node" }).click();
  // No reload from here: the states arrive over the runs topic.
  await expect(node("judge")).toHaveAttribute("data-state", "succeeded", { timeout: 20_000 });
  await expect(node("judge")).toContainText("1 earlier run(s) retried");
  await expect(node("report")).toHaveAttribute("data-state", "succeeded", { timeout: 20_000 });
  await expect(graph).toHaveAttribute("data-status", "succeeded", { timeout: 10_000 });
  await node("report").getByRole("link", { name: "run" }).click();
  await expect(page.getByTestId("run-trigger")).toContainText("workflow by workflow");
});
