import { randomUUID } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { SERVED_BY_HEADER, STICKY_COOKIE } from "../tests/support/haproxy-config";
import { startWebCluster, type WebCluster } from "../tests/support/web-cluster";
import { demoEmail, mutate, signIn, sql } from "./support";

let cluster: WebCluster;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  cluster = await startWebCluster({ webs: 2 });
});
test.afterAll(async () => cluster?.stop());

/**
 * A browser pinned to one web process by HAProxy's cookie. Its WebSocket goes through a route that
 * can hold a reconnection for a while, so a run can be made to finish while it is disconnected.
 */
async function browserOn(browser: Browser, web: string) {
  const context = await browser.newContext({ baseURL: cluster.url });
  await context.addCookies([{ name: STICKY_COOKIE, value: web, url: cluster.url }]);
  // While held, a new socket waits here before it reaches HAProxy; the page sees a connection that does not answer yet.
  let release: () => void = () => undefined;
  let held = Promise.resolve();
  await context.routeWebSocket(/\/socket\.io\//, async (ws) => {
    await held;
    ws.connectToServer();
  });
  const hold = () => (held = new Promise<void>((resolve) => (release = resolve)));
  const page = await context.newPage();
  return { context, page, hold, release: () => release() };
}

const servedBy = (page: Page) => page.evaluate(async (header) => (await fetch("/login")).headers.get(header), SERVED_BY_HEADER);
const runStatus = (page: Page, runId: string) => page.locator(`tr:has(a[href="/runs/${runId}"]) [data-testid="run-status"]`);

test("browsers on two web processes see the same runs live, and one moved off a killed process misses no final state", async ({ browser }) => {
  const a = await browserOn(browser, "web1");
  const b = await browserOn(browser, "web2");
  await signIn(a.page, demoEmail("operator"));
  await signIn(b.page, demoEmail("operator"));
  expect(await servedBy(a.page)).toBe("web1");
  expect(await servedBy(b.page)).toBe("web2");

  const { data: job } = await mutate(a.page, "jobs.create", { name: `e2e multi-web ${randomUUID().slice(0, 6)}`, kind: "noop" });
  for (const { page } of [a, b]) {
    await page.goto(`/jobs/${job.id}`);
    await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");
  }
  // Marked once: a reload would clear it.
  await a.page.evaluate(() => Object.assign(window, { __sameDocument: true }));

  // A run started through web1 is shown finished by both browsers, each told by its own process.
  const { data: first } = await mutate(a.page, "jobs.runNow", { id: job.id });
  for (const { page } of [a, b]) await expect(runStatus(page, first.id)).toHaveAttribute("data-status", "succeeded");

  // web1 dies; A's reconnection is held until a run has started and finished without it.
  a.hold();
  cluster.kill("web1");
  await expect(a.page.getByTestId("live-status")).toHaveAttribute("data-status", "reconnecting");
  const { data: second } = await mutate(b.page, "jobs.runNow", { id: job.id });
  await expect(runStatus(b.page, second.id)).toHaveAttribute("data-status", "succeeded");
  await expect.poll(async () => (await sql<{ status: string }>(`SELECT status FROM "JobRun" WHERE id = $1`, [second.id]))[0]?.status).toBe("succeeded");
  await expect(a.page.getByTestId("live-status")).toHaveAttribute("data-status", "reconnecting");
  a.release();

  // A is back on web2, on the same page and the same session, and shows the run it was not told about.
  await expect(a.page.getByTestId("live-status")).toHaveAttribute("data-status", "live", { timeout: 20_000 });
  await expect(runStatus(a.page, second.id)).toHaveAttribute("data-status", "succeeded");
  expect(await a.page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  expect(await servedBy(a.page)).toBe("web2");
  await cluster.waitForStatus("web1", "DOWN", 5_000);

  // And it is live again: a third run reaches both browsers.
  const { data: third } = await mutate(a.page, "jobs.runNow", { id: job.id });
  for (const { page } of [a, b]) await expect(runStatus(page, third.id)).toHaveAttribute("data-status", "succeeded");
  await Promise.all([a.context.close(), b.context.close()]);
});
