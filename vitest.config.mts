import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.dirname(fileURLToPath(import.meta.url)),
      // Route handlers are tested by importing them; outside Next's react-server build this marker would throw.
      "server-only": path.join(path.dirname(fileURLToPath(import.meta.url)), "node_modules/server-only/empty.js"),
    },
  },
  test: {
    // The product's job kinds and the test kinds (noop, sleep, fail-n-times), registered in every test file.
    setupFiles: ["tests/support/register-test-job-kinds.setup.ts"],
    include: ["server/**/*.test.ts", "components/**/*.test.ts", "worker/**/*.test.ts", "scripts/**/*.test.ts", "tests/**/*.test.ts"],
    // Integration tests share one test database, Redis and InfluxDB: one file at a time keeps them honest.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
