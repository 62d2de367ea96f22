import { expect, test } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { parse, stringify } from "yaml";
import { demoEmail, mutate, signIn, sql } from "./support";

const tag = randomUUID().slice(0, 6);
const name = (what: string) => `e2e cfg ${tag} ${what}`;

test.afterAll(async () => {
  await sql(`DELETE FROM "JobDefinition" WHERE name LIKE 'e2e cfg %'`);
});

test("an operator downloads the jobs file, uploads an edited one, sees the diff and confirms it", async ({ page }) => {
  await signIn(page, demoEmail("operator"));
  expect(
    (
      await mutate(page, "jobs.create", {
        name: name("scan"),
        kind: "sleep",
        params: { ms: 50 },
        priority: "P3",
        schedule: { type: "interval", everyMs: 3_600_000 },
      })
    ).status,
  ).toBe(200);
  expect((await mutate(page, "jobs.create", { name: name("steady"), kind: "noop" })).status).toBe(200);
  await page.goto("/jobs");
  const panel = page.getByRole("region", { name: "Jobs file" });

  const [download] = await Promise.all([page.waitForEvent("download"), panel.getByRole("button", { name: "Download jobs.yaml" }).click()]);
  expect(download.suggestedFilename()).toBe("jobs.yaml");
  const text = await readFile(await download.path(), "utf8");
  const doc = parse(text) as { version: number; jobs: Array<Record<string, unknown>> };
  const scan = doc.jobs.find((j) => j.name === name("scan"))!;
  expect(scan).toMatchObject({ kind: "sleep", priority: "P3", params: { ms: 50 }, schedule: { type: "interval", everyMs: 3_600_000 } });

  // A file that fails the console's schema is refused with the reason; nothing is offered to apply.
  await panel.getByLabel("Upload jobs file").setInputFiles({
    name: "bad.yaml",
    mimeType: "application/yaml",
    buffer: Buffer.from(stringify({ version: 1, jobs: [{ name: name("bad"), kind: "no-such-kind" }] })),
  });
  await expect(panel.getByTestId("form-error")).toContainText('Unknown job kind "no-such-kind"');
  await expect(page.getByRole("region", { name: "Jobs file preview" })).toHaveCount(0);

  scan.priority = "P1";
  scan.params = { ms: 75 };
  doc.jobs.push({ name: name("new"), kind: "sleep", params: { ms: 10 } });
  await panel.getByLabel("Upload jobs file").setInputFiles({ name: "edited.yaml", mimeType: "application/yaml", buffer: Buffer.from(stringify(doc)) });
  const preview = page.getByRole("region", { name: "Jobs file preview" });
  await expect(preview.getByTestId(`plan-${name("scan")}`)).toHaveAttribute("data-action", "update");
  await expect(preview.getByTestId(`plan-${name("scan")}`)).toContainText('priority: "P3" → "P1"');
  await expect(preview.getByTestId(`plan-${name("scan")}`)).toContainText("params.ms: 50 → 75");
  await expect(preview.getByTestId(`plan-${name("new")}`)).toHaveAttribute("data-action", "create");
  await expect(preview.getByTestId(`plan-${name("steady")}`)).toHaveAttribute("data-action", "unchanged");
  // Previewing wrote nothing.
  await expect(page.getByTestId(`job-${name("new")}`)).toHaveCount(0);
  await expect(page.getByTestId(`job-${name("scan")}`)).toContainText("P3");

  await preview.getByRole("button", { name: "Apply 2 changes" }).click();
  await expect(page.getByRole("status")).toContainText("Applied the jobs file: 1 created, 1 updated, 0 deleted.");
  await expect(page.getByTestId(`job-${name("new")}`)).toBeVisible();
  await expect(page.getByTestId(`job-${name("scan")}`)).toContainText("P1");
  await expect(preview).toHaveCount(0);
  const [row] = await sql<{ priority: string; params: unknown; version: number }>(`SELECT priority, params, version FROM "JobDefinition" WHERE name = $1`, [
    name("scan"),
  ]);
  expect(row).toEqual({ priority: "P1", params: { ms: 75 }, version: 2 });
  const audit = await sql<{ n: string }>(
    `SELECT count(*) AS n FROM "AuditEvent" WHERE action = 'jobs.applyConfig' AND "actorEmail" = $1 AND at > now() - interval '5 minutes'`,
    [demoEmail("operator")],
  );
  expect(Number(audit[0].n)).toBeGreaterThanOrEqual(2);
});

test("an engineer may download the jobs file but not upload one", async ({ page }) => {
  await signIn(page, demoEmail("engineer"));
  await page.goto("/jobs");
  const panel = page.getByRole("region", { name: "Jobs file" });
  await expect(panel.getByRole("button", { name: "Download jobs.yaml" })).toBeVisible();
  await expect(panel.getByLabel("Upload jobs file")).toHaveCount(0);
  expect((await mutate(page, "jobs.applyConfig", { yaml: "version: 1\njobs: []\n" })).status).toBe(403);
});
