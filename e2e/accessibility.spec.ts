import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { navItems } from "../components/shell/nav-items";
import { demo, demoEmail, signIn, sql } from "./support";

/** Every console page in the nav, the account page, and the login page. */
const pages = [...navItems.map((i) => i.href), "/account"];

async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(" "))
          .join(" | ")}`,
    );
}

test("the login page has no serious or critical axe violations", async ({ page }) => {
  await page.goto("/login");
  expect(await seriousViolations(page)).toEqual([]);
});

test("every console page has no serious or critical axe violations (admin sees them all)", async ({ page }) => {
  test.setTimeout(300_000); // some twenty pages, each analysed whole
  await signIn(page, demo.admin);
  const found: Record<string, string[]> = {};
  for (const href of pages) {
    await page.goto(href);
    await expect(page.locator("h1").first()).toBeVisible();
    await page.waitForLoadState("networkidle").catch(() => undefined);
    const v = await seriousViolations(page);
    if (v.length) found[href] = v;
  }
  // The command palette, open.
  await page.keyboard.press("Control+k");
  await page.getByRole("combobox", { name: "Search the console" }).fill("zz");
  const v = await seriousViolations(page);
  if (v.length) found.palette = v;
  expect(found).toEqual({});
});

test("detail pages (a sensor, a report group, a run) have no serious or critical axe violations", async ({ page }) => {
  test.setTimeout(120_000);
  const stamp = Date.now().toString(36);
  await sql(
    `INSERT INTO "Sensor" (id, key, name, quantity, unit, "infraType", region, site, "intervalSeconds", "updatedAt")
     VALUES ($1, $1, 'Axe hall temperature', 'temperature', '°C', 'building', $2, 'Axe site', 60, now())`,
    [`axe-${stamp}`, `axe-region-${stamp}`],
  );
  await sql(`INSERT INTO "JobRun" (id, kind, params, priority, queue, trigger, status) VALUES ($1, 'anomaly-scan', '{}', 'P1', 'jobs', 'manual', 'queued')`, [
    `run_axe_${stamp}`,
  ]);
  await signIn(page, demo.admin);
  const found: Record<string, string[]> = {};
  for (const href of [`/sensors/axe-${stamp}`, `/reports/building/axe-region-${stamp}`, `/runs/run_axe_${stamp}`]) {
    await page.goto(href);
    await expect(page.locator("h1").first()).toBeVisible();
    await page.waitForLoadState("networkidle").catch(() => undefined);
    const v = await seriousViolations(page);
    if (v.length) found[href] = v;
  }
  expect(found).toEqual({});
});

test("the stakeholder's overview and dashboard have no serious or critical axe violations", async ({ page }) => {
  await signIn(page, demoEmail("stakeholder"));
  for (const href of ["/", "/dashboard"]) {
    await page.goto(href);
    await expect(page.locator("h1").first()).toBeVisible();
    expect(await seriousViolations(page), href).toEqual([]);
  }
});

test("the console works from the keyboard: Tab reaches the nav, Enter follows a link, Ctrl-K searches", async ({ page }) => {
  await signIn(page, demoEmail("operator"));
  await page.goto("/");
  const sensorsLink = page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Sensors", exact: true });
  for (let i = 0; i < 15 && !(await sensorsLink.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press("Tab");
  await expect(sensorsLink).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/sensors$/);
  await page.keyboard.press("Control+k");
  await expect(page.getByRole("combobox", { name: "Search the console" })).toBeFocused();
  await page.keyboard.press("Escape");
});

/** How far the page is wider than the window (0: nothing to scroll sideways). */
const sidewaysOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

test("on a phone the menu folds behind a button and every page fits the width; at 1280 px the nav always shows", async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, demo.admin);
  const nav = page.getByRole("navigation", { name: "Console" });
  const menu = page.getByRole("button", { name: "Menu" });
  await expect(nav).toBeHidden();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await menu.click();
  await nav.getByRole("link", { name: "Alerts", exact: true }).click();
  await expect(page).toHaveURL(/\/alerts$/);
  // The menu folds again after the navigation, leaving the page the whole width.
  await expect(nav).toBeHidden();
  const tooWide: Record<string, number> = {};
  for (const href of pages) {
    await page.goto(href);
    await expect(page.locator("h1").first()).toBeVisible();
    await page.waitForLoadState("networkidle").catch(() => undefined);
    const over = await sidewaysOverflow(page);
    if (over > 0) tooWide[href] = over;
  }
  expect(tooWide).toEqual({});

  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/sensors");
  await expect(nav).toBeVisible();
  await expect(menu).toBeHidden();
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
});
