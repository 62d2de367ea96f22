import { defineConfig, devices } from "@playwright/test";
import "./server/load-dotenv";
import { env } from "./server/env";
import { chromiumLaunchOptions } from "./tests/support/chromium-launch";

const baseURL = `http://127.0.0.1:${env().PORT}`;

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: chromiumLaunchOptions,
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: {
    // The console with the test kinds (noop, sleep, fail-n-times) the job flows create.
    command: "node_modules/.bin/tsx tests/support/web-with-test-kinds.ts",
    url: `${baseURL}/login`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
