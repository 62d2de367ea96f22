import { expect, test } from "@playwright/test";
import { demoEmail, signIn, sql } from "./support";

async function fixtures() {
  const tag = `pal${Date.now().toString(36)}`;
  await sql(
    `INSERT INTO "Sensor" (id, key, name, quantity, unit, "infraType", region, site, "intervalSeconds", "updatedAt") VALUES ($1, $2, $3, 'wind', 'm/s', 'mast', 'north', 'Hill', 60, now())`,
    [tag, `${tag}.mast.wind`, `Palette mast ${tag}`],
  );
  await sql(`INSERT INTO "JobRun" (id, "jobName", kind, params, priority, queue, trigger) VALUES ($1, 'palette scan', 'sleep', $2, 'P2', 'jobs', 'manual')`, [
    `run_${tag}`,
    JSON.stringify({ note: `needle-${tag}` }),
  ]);
  return { tag };
}

test("Ctrl-K finds a sensor and a run by parameter text, and opens them with the keyboard", async ({ page }) => {
  const { tag } = await fixtures();
  await signIn(page, demoEmail("operator"));
  await page.keyboard.press("Control+k");
  const input = page.getByRole("combobox", { name: "Search the console" });
  await expect(input).toBeFocused();
  await input.fill(`${tag}.mast`);
  await expect(page.getByTestId("palette-sensor")).toContainText(`${tag}.mast.wind`);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/sensors/${tag}\\.mast\\.wind$`));

  await page.keyboard.press("Control+k");
  await input.fill(`needle-${tag}`);
  await expect(page.getByTestId("palette-run")).toContainText(`run_${tag}`);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/runs/run_${tag}$`));

  // Escape closes it; the button opens it too.
  await page.getByRole("button", { name: /Search…/ }).click();
  await expect(input).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(input).toHaveCount(0);
});

test("a stakeholder's palette finds sensors but no runs", async ({ page }) => {
  const { tag } = await fixtures();
  await signIn(page, demoEmail("stakeholder"));
  await page.keyboard.press("Control+k");
  const input = page.getByRole("combobox", { name: "Search the console" });
  await input.fill(`needle-${tag}`);
  await expect(page.getByText(`Nothing matches “needle-${tag}”.`)).toBeVisible();
  await input.fill(tag);
  await expect(page.getByTestId("palette-sensor")).toBeVisible();
  await expect(page.getByTestId("palette-run")).toHaveCount(0);
});
