import { expect, test } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import { JOBS_QUEUE, bullPrefix } from "../server/queues/queues";
import { createRedis } from "../server/redis";
import { demo, demoEmail, mutate, signIn, sql } from "./support";

const unique = (what: string) => `e2e ${what} ${randomUUID().slice(0, 6)}`;

test.afterAll(async () => {
  await sql(`DELETE FROM "JobDefinition" WHERE name LIKE 'e2e %'`);
});

test("an operator creates a scheduled job from the kind's form, sees its runs appear live, pauses, edits and deletes it, told which field is wrong", async ({
  page,
}) => {
  const name = unique("every-2s");
  await signIn(page, demoEmail("operator"));
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Jobs", exact: true }).click();
  await page.getByRole("button", { name: "New job" }).click();
  const form = page.getByRole("form", { name: "New job" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Kind").selectOption("sleep");
  await form.getByLabel(/^ms/).fill("200");
  await form.getByLabel("Schedule type").selectOption("cron");
  await form.getByLabel("Cron").fill("61 * * * *");
  await form.getByRole("button", { name: "Create job" }).click();
  await expect(form.getByTestId("error-schedule.cron")).toContainText("schedule.cron: Invalid cron expression");

  await form.getByLabel("Schedule type").selectOption("interval");
  await form.getByLabel("Every (seconds)").fill("2");
  await form.getByRole("button", { name: "Create job" }).click();
  const row = page.getByTestId(`job-${name}`);
  await expect(row).toContainText("Every 2 s");
  await expect(row).toContainText("P2 medium");
  await expect(row.getByTestId("job-state")).toHaveText("enabled");

  await row.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");
  // Runs arrive over the live channel: no reload in this test.
  await expect(page.getByTestId("runs-table").locator('[data-testid="run-status"][data-status="succeeded"]').first()).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId("versions-table")).toContainText(demoEmail("operator"));

  await page.getByRole("button", { name: "Pause", exact: true }).click();
  await expect(page.getByRole("button", { name: "Resume", exact: true })).toBeVisible();
  await expect(page.getByTestId("versions-table").locator("tbody tr")).toHaveCount(2);

  await page.getByRole("link", { name: "← All jobs" }).click();
  await expect(row.getByTestId("job-state")).toHaveText("paused");
  await row.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("form", { name: `Edit ${name}` });
  await expect(edit.getByLabel(/^ms/)).toHaveValue("200");
  await edit.getByLabel("Every (seconds)").fill("3");
  await edit.getByLabel("Priority").selectOption("P1");
  await edit.getByLabel(/^ms/).fill("-5");
  await edit.getByLabel(/^ms/).evaluate((input: HTMLInputElement) => input.removeAttribute("min")); // let the server judge it
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit.getByTestId("error-params")).toContainText("params.ms:");
  await edit.getByLabel(/^ms/).fill("300");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status")).toHaveText(`Saved ${name} (version 3).`);
  await expect(row).toContainText("Every 3 s");
  await expect(row).toContainText("P1 high");

  await row.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("dialog", { name: "Confirm delete" }).getByRole("button", { name: "Delete job" }).click();
  await expect(page.getByRole("status")).toHaveText("Job deleted.");
  await expect(row).toHaveCount(0);
});

test("a run's page shows its result and logs, searchable, and tails a running run live", async ({ page }) => {
  await signIn(page, demoEmail("operator"));
  const { data: def } = await mutate(page, "jobs.create", { name: unique("slow"), kind: "sleep", params: { ms: 4_000 } });
  const { data: run } = await mutate(page, "jobs.runNow", { id: def.id });
  await page.goto(`/runs/${run.id}`);
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "running");
  await expect(page.getByTestId("run-log")).toContainText("sleeping");
  await expect(page.getByTestId("log-count")).toContainText("tailing live");
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-status", "succeeded");
  await expect(page.getByTestId("run-log")).toContainText("woke up");
  await expect(page.getByTestId("run-result")).toHaveText('{"sleptMs":4000}');
  await page.getByLabel("Search the log").fill("woke");
  await expect(page.getByTestId("log-count")).toHaveText("1 of 2 lines");
  await expect(page.getByTestId("run-log")).not.toContainText("sleeping");
});

test("an engineer replays a dead letter once and follows it to the replay run", async ({ page, browser }) => {
  await signIn(page, demoEmail("operator"));
  const jobName = unique("doomed");
  const { data: def } = await mutate(page, "jobs.create", {
    name: jobName,
    kind: "fail-n-times",
    params: { failures: 10, message: "upstream refused" },
    maxAttempts: 2,
  });
  const { data: run } = await mutate(page, "jobs.runNow", { id: def.id });

  const engineer = await browser.newPage();
  await signIn(engineer, demoEmail("engineer"));
  await engineer.getByRole("link", { name: "Dead letters", exact: true }).click();
  await expect(engineer.getByRole("heading", { name: "Dead letters" })).toBeVisible();
  // The letter shows up when the run dies (the page listens for run changes).
  await expect.poll(async () => (await sql<{ id: string }>(`SELECT id FROM "DeadLetter" WHERE "runId" = $1`, [run.id])).length, { timeout: 20_000 }).toBe(1);
  const [{ id: letterId }] = await sql<{ id: string }>(`SELECT id FROM "DeadLetter" WHERE "runId" = $1`, [run.id]);
  const letter = engineer.getByTestId(`dead-letter-${letterId}`);
  await expect(letter).toContainText("upstream refused (attempt 2");
  await expect(engineer.getByTestId("dead-letter-groups")).toContainText(jobName);
  // The view lives in the URL: a search and an order survive a reload, and the CSV link downloads that view.
  await engineer.getByRole("search", { name: "Filter dead letters" }).getByRole("searchbox").fill(jobName);
  await engineer.getByRole("search", { name: "Filter dead letters" }).getByRole("button", { name: "Search" }).click();
  await engineer.getByRole("button", { name: /Attempts/ }).click();
  await expect(engineer).toHaveURL(/sort=attempts/);
  await expect(engineer).toHaveURL(/search=e2e(\+|%20)doomed/);
  await engineer.reload();
  await expect(engineer.getByTestId("dead-letters-table-count")).toHaveText("1 of 1 shown");
  await expect(engineer.getByRole("link", { name: "Download CSV" })).toHaveAttribute(
    "href",
    /\/api\/dead-letters\/export\?.*search=e2e(\+|%20)doomed.*sort=attempts/,
  );
  await letter.getByText(/payload and 2 attempt/).click();
  await expect(letter).toContainText('"failures": 10');

  await letter.getByLabel(`Select dead letter ${letterId}`).check();
  await engineer.getByRole("button", { name: "Replay selected" }).click();
  await expect(engineer.getByRole("status")).toHaveText("Replayed 1 dead letter(s).");
  await engineer.getByRole("tab", { name: "replayed" }).click();
  await engineer.getByTestId(`dead-letter-${letterId}`).getByTestId("letter-state").getByRole("link").click();
  await expect(engineer.getByTestId("run-trigger")).toHaveText(`replay by ${demoEmail("engineer")}`);
  await expect(engineer.getByTestId("replay-of")).toContainText(letterId);

  const again = await mutate(engineer, "deadLetters.replay", { ids: [letterId] });
  expect(again.status).toBe(409);
  expect(again.data.message).toMatch(/Already replayed/);

  // The replay fails too (this job always does): its own dead letter is discarded, with a reason.
  await expect(engineer.getByTestId("run-status")).toHaveAttribute("data-status", "dead", { timeout: 15_000 });
  await engineer.getByTestId("dead-letter-link").click();
  const rows = engineer.getByTestId("dead-letters-table").locator("tbody tr");
  await expect(rows).toHaveCount(1);
  await rows.getByRole("checkbox").check();
  await engineer.getByLabel("Discard reason").fill("upstream retired");
  await engineer.getByRole("button", { name: "Discard selected" }).click();
  await expect(engineer.getByRole("status")).toHaveText("Discarded 1 dead letter(s).");
  await expect(rows.getByTestId("letter-state")).toHaveText(`discarded by ${demoEmail("engineer")}: upstream retired`);
  await engineer.close();
});

test("the runs page filters; an admin cancels queued runs in bulk while the queue is paused, reruns them, and cancels one from its page", async ({ page }) => {
  await signIn(page, demo.admin);
  const jobName = unique("batch");
  const { data: def } = await mutate(page, "jobs.create", { name: jobName, kind: "noop", priority: "P3" });
  await page.getByRole("link", { name: "Jobs", exact: true }).click();
  await page.getByRole("button", { name: "Pause jobs" }).click();
  await expect(page.getByTestId("queue-jobs")).toContainText("paused");
  try {
    const row = page.getByTestId(`job-${jobName}`);
    for (let i = 0; i < 3; i++) {
      await row.getByRole("button", { name: "Run now" }).click();
      await expect(page.getByRole("status")).toContainText("Queued run");
    }
    await expect.poll(async () => (await sql(`SELECT 1 FROM "JobRun" WHERE "definitionId" = $1`, [def.id])).length).toBe(3);
    await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Runs", exact: true }).click();
    await expect(page).toHaveURL(/\/runs$/);
    await page.getByRole("search", { name: "Filter runs" }).getByLabel(/^Job/).selectOption({ label: jobName });
    await page.getByLabel(/^Status/).selectOption("queued");
    const table = page.getByTestId("runs-table");
    await expect(table.locator("tbody tr")).toHaveCount(3);
    await expect(page).toHaveURL(new RegExp(`definitionId=${def.id}`));
    // Oldest first from the header, kept in the URL and in the CSV link of the same view.
    await table.getByRole("button", { name: /Queued/ }).click();
    await expect(page).toHaveURL(/dir=asc/);
    await expect(table.locator("th[aria-sort=ascending]")).toHaveText(/Queued/);
    await expect(page.getByRole("link", { name: "Download CSV" })).toHaveAttribute("href", new RegExp(`definitionId=${def.id}.*dir=asc`));
    await table.getByRole("button", { name: /Queued/ }).click();
    await expect(page).not.toHaveURL(/dir=/);

    await page.getByLabel("Select all runs").check();
    await expect(page.getByTestId("selected-count")).toHaveText("3 selected");
    await page.getByRole("button", { name: "Cancel selected" }).click();
    await expect(page.getByRole("status")).toHaveText("Cancelled 3 run(s).");
    await expect(page.getByText("No runs match.")).toBeVisible();
    await page.getByLabel(/^Status/).selectOption("cancelled");
    await expect(table.locator("tbody tr")).toHaveCount(3);
    await page.getByLabel("Select all runs").check();
    await page.getByRole("button", { name: "Rerun selected" }).click();
    await expect(page.getByRole("status")).toHaveText("Queued 3 rerun(s).");
    await page.getByLabel(/^Trigger/).selectOption("rerun");
    await page.getByLabel(/^Status/).selectOption("queued");
    await expect(table.locator("tbody tr")).toHaveCount(3);
    await table.locator("tbody tr").first().getByRole("link").first().click();
    await page.getByRole("button", { name: "Cancel this run" }).click();
    await expect(page.getByTestId("run-status").first()).toHaveAttribute("data-status", "cancelled");

    const [{ id: one }] = await sql<{ id: string }>(`SELECT id FROM "JobRun" WHERE "definitionId" = $1 LIMIT 1`, [def.id]);
    await page.goto("/runs");
    await page.getByLabel(/^Search/).fill(one);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect(table.locator("tbody tr")).toHaveCount(1);
    await expect(table).toContainText(one.slice(0, 16));
  } finally {
    // From here, not through the page: a timed-out page must not leave the suite's queue paused.
    const queue = new Queue(JOBS_QUEUE, { connection: createRedis("bullmq"), prefix: bullPrefix() });
    await queue.resume();
    await queue.close();
  }
});

test("roles: an engineer reads jobs without edit buttons, a stakeholder sees no job pages, and the server refuses both", async ({ page, browser }) => {
  await signIn(page, demoEmail("engineer"));
  await page.getByRole("link", { name: "Jobs", exact: true }).click();
  await expect(page.getByTestId("jobs-table")).toBeVisible();
  await expect(page.getByTestId("queue-controls")).toBeVisible();
  await expect(page.getByRole("button", { name: "New job" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Run now" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Pause/ })).toHaveCount(0);
  expect((await mutate(page, "jobs.create", { name: unique("sneaky"), kind: "noop" })).status).toBe(403);

  const stakeholder = await browser.newPage();
  await signIn(stakeholder, demoEmail("stakeholder"));
  const nav = stakeholder.getByRole("navigation", { name: "Console" });
  for (const name of ["Jobs", "Runs", "Dead letters"]) await expect(nav.getByRole("link", { name, exact: true })).toHaveCount(0);
  await stakeholder.goto("/jobs");
  await expect(stakeholder).not.toHaveURL(/\/jobs/);
  expect((await mutate(stakeholder, "jobs.create", { name: unique("sneaky"), kind: "noop" })).status).toBe(403);
  expect((await mutate(stakeholder, "deadLetters.replay", { ids: ["x"] })).status).toBe(403);
  await stakeholder.close();
});
