import { expect, test, type Browser, type Page } from "@playwright/test";
import { demo, signIn } from "./support";

// Three browsers and argon2 on a shared 2-core machine: more than the default minute.
test.describe.configure({ timeout: 120_000 });

async function addUser(admin: Page, email: string, password: string): Promise<void> {
  await admin.goto("/admin/users");
  const form = admin.getByRole("form", { name: "Add user" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Name").fill("Pat Password");
  await form.getByLabel("Role").selectOption("OPERATOR");
  await form.getByLabel("Initial password").fill(password);
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(admin.getByTestId(`user-row-${email}`)).toContainText("active");
}

/** A second browser (own cookies) signed in as the user, watching the live channel on the overview. */
async function otherBrowserSignedIn(browser: Browser, email: string, password: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email, password);
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");
  return page;
}

async function loginRefused(browser: Browser, email: string, password: string): Promise<void> {
  const page = await (await browser.newContext()).newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("form-error")).toHaveText("Email or password is incorrect.");
  await page.context().close();
}

test("an admin resets a user's password: the user's open session and its live channel end, the new password works", async ({ page, browser }) => {
  const email = `e2e-reset-${Date.now()}@test.local`;
  await signIn(page, demo.admin);
  await addUser(page, email, "first-password-1");
  const user = await otherBrowserSignedIn(browser, email, "first-password-1");

  await page.getByTestId(`user-row-${email}`).getByRole("button", { name: "Reset password" }).click();
  const form = page.getByRole("form", { name: "Reset password" });
  await form.getByLabel("New password").fill("second-password-2");
  await form.getByRole("button", { name: "Set password" }).click();
  await expect(page.getByTestId("password-reset")).toContainText("1 session(s) ended");

  // Without a reload: the server closed the socket and refuses it now.
  await expect(user.getByTestId("live-status")).toHaveAttribute("data-status", "refused");
  await user.reload();
  await expect(user).toHaveURL(/\/login$/);
  await loginRefused(browser, email, "first-password-1");
  await signIn(user, email, "second-password-2");
});

test("a user changes their password from the user menu: other sessions end, this one stays", async ({ page, browser }) => {
  const email = `e2e-change-${Date.now()}@test.local`;
  await signIn(page, demo.admin);
  await addUser(page, email, "first-password-1");
  const me = await (await browser.newContext()).newPage();
  await signIn(me, email, "first-password-1");
  const elsewhere = await otherBrowserSignedIn(browser, email, "first-password-1");

  await me.getByRole("link", { name: "Change password" }).click();
  const form = me.getByRole("form", { name: "Change password" });
  await form.getByLabel("Current password").fill("not-my-password");
  await form.getByLabel("New password", { exact: true }).fill("second-password-2");
  await form.getByLabel("Repeat new password").fill("second-password-2");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(me.getByTestId("form-error")).toHaveText("Your current password is incorrect.");

  await form.getByLabel("Current password").fill("first-password-1");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(me.getByTestId("password-changed")).toContainText("1 other session was signed out");

  await expect(elsewhere.getByTestId("live-status")).toHaveAttribute("data-status", "refused");
  await elsewhere.reload();
  await expect(elsewhere).toHaveURL(/\/login$/);
  await me.reload();
  await expect(me.getByRole("heading", { name: "Your account" })).toBeVisible();
  await loginRefused(browser, email, "first-password-1");
});
