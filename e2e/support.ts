import { expect, type Page } from "@playwright/test";
import "../server/load-dotenv";
import { env } from "../server/env";

export const demo = {
  admin: env().DEMO_ADMIN_EMAIL,
  domain: env().DEMO_ADMIN_EMAIL.split("@")[1],
  password: env().DEMO_ADMIN_PASSWORD,
};

export const demoEmail = (role: "operator" | "engineer" | "stakeholder") => `${role}@${demo.domain}`;

export async function signIn(page: Page, email: string, password = demo.password): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Attached, not visible: on a phone-wide window the user menu is folded behind the Menu button.
  await expect(page.getByTestId("current-user")).toBeAttached();
  await consoleReady(page);
}

/**
 * Waits until React has hydrated the console shell. A nav link clicked while the first page is
 * still hydrating can be lost (CI saw three such clicks in one run); a person clicks again, a test
 * has to wait for this instead.
 */
export async function consoleReady(page: Page): Promise<void> {
  await expect(page.locator("nav[data-hydrated]")).toBeAttached();
}

/**
 * Raw SQL for fixtures. Playwright's loader cannot load the generated Prisma client, so e2e
 * fixtures go through pg directly (the schema is Prisma's: quoted PascalCase table names).
 */
export async function sql<T = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> {
  const { Client } = await import("pg");
  const client = new Client({ connectionString: env().DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Calls a tRPC mutation as the page's signed-in user; returns the HTTP status and the data. */
// biome-ignore lint/suspicious/noExplicitAny: each test reads the fields of the procedure it called
export async function mutate(page: Page, path: string, input: unknown): Promise<{ status: number; data: any }> {
  return page.evaluate(
    async ({ path, input }) => {
      const res = await fetch(`/api/trpc/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ json: input }) });
      const body = await res.json();
      return { status: res.status, data: body.result?.data?.json ?? body.error?.json };
    },
    { path, input },
  );
}
