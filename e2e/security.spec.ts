import { expect, test } from "@playwright/test";
import { demo, signIn } from "./support";

test.describe.configure({ timeout: 120_000 });

test("pages run under a nonce CSP without unsafe-eval, with no violation while signing in and using the console", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (msg) => {
    if (/Content Security Policy|Refused to (execute|load|connect)/i.test(msg.text())) violations.push(msg.text());
  });
  const response = await page.goto("/login");
  const headers = response!.headers();
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).not.toContain("unsafe-eval");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  await signIn(page, demo.admin);
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");
  // Every section of the console, as an admin sees them: the scripts of each run under the policy.
  const hrefs = await page
    .getByRole("navigation", { name: "Console" })
    .getByRole("link")
    .evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
  expect(hrefs.length).toBeGreaterThan(10);
  for (const href of hrefs) {
    await page.goto(href);
    await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
  }
  expect(violations).toEqual([]);
});

test("API responses carry the headers; a login posted from another origin is refused; health tells strangers statuses only", async ({ request, baseURL }) => {
  const me = await request.get("/api/trpc/auth.me");
  expect(me.headers()["x-content-type-options"]).toBe("nosniff");
  expect(me.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");

  const health = await (await request.get("/api/health")).json(); // no session yet
  expect(Object.values(health.dependencies as Record<string, object>).every((d) => Object.keys(d).join() === "ok")).toBe(true);

  const body = { json: { email: demo.admin, password: demo.password } };
  const crossSite = await request.post("/api/trpc/auth.login", { data: body, headers: { origin: "https://evil.example" } });
  expect(crossSite.status()).toBe(403);
  const sameSite = await request.post("/api/trpc/auth.login", { data: body, headers: { origin: new URL(baseURL!).origin } });
  expect(sameSite.status()).toBe(200);
});
