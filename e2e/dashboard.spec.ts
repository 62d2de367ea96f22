import { spawn, type ChildProcess } from "node:child_process";
import { expect, test } from "@playwright/test";
import { Queue } from "bullmq";
import { publishEvent } from "../server/realtime/events";
import { JOBS_QUEUE, bullPrefix } from "../server/queues/queues";
import { createRedis, closeSharedRedis } from "../server/redis";
import { demo, demoEmail, signIn } from "./support";

test.afterAll(() => closeSharedRedis());

test("the dashboard shows finished jobs and a new alert without a reload", async ({ page }) => {
  await signIn(page, demoEmail("operator"));
  await page.getByRole("link", { name: "Live dashboard" }).click();
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");
  await expect(page.getByTestId("workers-running")).not.toHaveText("0");
  const before = Number(await page.getByTestId("jobs-this-minute").textContent());

  const queue = new Queue(JOBS_QUEUE, { connection: createRedis("bullmq"), prefix: bullPrefix() });
  await queue.addBulk(Array.from({ length: 5 }, () => ({ name: "noop", data: { params: {} } })));
  await queue.close();
  // Counted live from the workers' telemetry; a minute boundary can reset the counter, so accept any rise past 0.
  await expect(async () => {
    const now = Number(await page.getByTestId("jobs-this-minute").textContent());
    expect(now > before || (now >= 1 && now < before)).toBe(true);
  }).toPass({ timeout: 15_000 });

  await publishEvent("alerts", "alert:new", {
    id: `e2e-${Date.now()}`,
    severity: "critical",
    title: "Spike on mast 7 wind speed",
    sensorKey: "mast-7/ws",
    at: new Date().toISOString(),
  });
  await expect(page.getByTestId("alert-feed")).toContainText("Spike on mast 7 wind speed");
});

test("the dashboard says it is reconnecting when the server goes away, and recovers", async ({ page }) => {
  const port = String(Number(new URL(test.info().project.use.baseURL!).port) + 7);
  const start = () =>
    spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
      env: { ...process.env, PORT: port, PUBLIC_URL: `http://127.0.0.1:${port}` },
      stdio: "ignore",
    });
  const stop = (server: ChildProcess) => new Promise((resolve) => server.once("exit", resolve).kill("SIGTERM"));
  const waitUp = async () =>
    expect
      .poll(
        () =>
          fetch(`http://127.0.0.1:${port}/login`).then(
            (r) => r.status,
            () => 0,
          ),
        { timeout: 60_000 },
      )
      .toBe(200);

  let server = start();
  try {
    await waitUp();
    await page.goto(`http://127.0.0.1:${port}/login`);
    await page.getByLabel("Email").fill(demoEmail("operator"));
    await page.getByLabel("Password").fill(demo.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("current-user")).toBeVisible();
    await page.goto(`http://127.0.0.1:${port}/dashboard`);
    await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");

    await stop(server);
    await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "reconnecting");
    await expect(page.getByTestId("live-status")).toContainText("Reconnecting");

    server = start();
    await waitUp();
    await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live", { timeout: 20_000 });
  } finally {
    await stop(server);
  }
});
