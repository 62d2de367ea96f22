import { expect, test } from "@playwright/test";
import { demo, demoEmail, signIn } from "./support";

test("a console page without a session sends you to the login page", async ({ page }) => {
  await page.goto("/admin/users");
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
});

test("a wrong password is refused with a message", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(demo.admin);
  await page.getByLabel("Password").fill("definitely-wrong");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("form-error")).toHaveText("Email or password is incorrect.");
  await expect(page).toHaveURL(/\/login$/);
});

test("sign in, see the console shell and live workers, sign out, and lose access", async ({ page, context }) => {
  await signIn(page, demo.admin);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Users" })).toBeVisible();
  await expect(page.getByTestId("dependency-postgres")).toContainText("up");
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");
  // The worker started for the suite publishes heartbeats over socket.io.
  await expect(page.getByTestId("worker-table")).toContainText("running");

  const cookie = (await context.cookies()).find((c) => c.name === "gm_session");
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe("Lax");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
});

test("an admin adds a user, changes the role and disables them", async ({ page, browser }) => {
  const email = `e2e-${Date.now()}@test.local`;
  await signIn(page, demo.admin);
  await page.getByRole("link", { name: "Users" }).click();
  const form = page.getByRole("form", { name: "Add user" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Name").fill("Edda E2E");
  await form.getByLabel("Role").selectOption("STAKEHOLDER");
  await form.getByLabel("Initial password").fill("a-long-enough-password");
  await form.getByRole("button", { name: "Add user" }).click();
  const row = page.getByTestId(`user-row-${email}`);
  await expect(row).toContainText("active");

  await row.getByLabel(`Role of ${email}`).selectOption("ENGINEER");
  await expect(row.getByLabel(`Role of ${email}`)).toHaveValue("ENGINEER");
  await page.reload();
  await expect(page.getByTestId(`user-row-${email}`).getByLabel(`Role of ${email}`)).toHaveValue("ENGINEER");

  await page.getByTestId(`user-row-${email}`).getByRole("button", { name: "Disable" }).click();
  await expect(page.getByTestId(`user-row-${email}`)).toContainText("disabled");

  const other = await browser.newPage();
  await other.goto("/login");
  await other.getByLabel("Email").fill(email);
  await other.getByLabel("Password").fill("a-long-enough-password");
  await other.getByRole("button", { name: "Sign in" }).click();
  await expect(other.getByTestId("form-error")).toHaveText("Email or password is incorrect.");
  await other.close();
});

test("a stakeholder has no Users page and is turned away from it", async ({ page }) => {
  await signIn(page, demoEmail("stakeholder"));
  await expect(page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Users" })).toHaveCount(0);
  await page.goto("/admin/users");
  await expect(page).not.toHaveURL(/\/admin\/users/);
});
