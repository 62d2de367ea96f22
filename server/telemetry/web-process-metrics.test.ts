import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { describe, expect, it } from "vitest";
import { renderPrometheusMetrics } from "./render-prometheus-metrics";
import { webProcessMetrics } from "./web-process-metrics";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function lagSeconds(stat: "p99" | "max"): Promise<number> {
  const families = parsePrometheusTextFormat((await renderPrometheusMetrics()).body);
  const family = families.find((f) => f.name === `gristmill_web_nodejs_eventloop_lag_${stat}_seconds`);
  expect(family, `gristmill_web_nodejs_eventloop_lag_${stat}_seconds is served`).toBeDefined();
  return Number((family!.metrics[0] as { value: string }).value);
}

describe("the web process's event-loop delay in /api/metrics", () => {
  it("reports the delay since the previous scrape: a 300 ms block shows, and is gone after the next scrape", async () => {
    webProcessMetrics();
    await sleep(200);
    await lagSeconds("max"); // starts the window
    await sleep(100);
    const until = performance.now() + 300;
    while (performance.now() < until); // holds the loop, as a synchronous parse would
    await sleep(100);
    const blocked = await lagSeconds("max");
    expect(blocked).toBeGreaterThan(0.25);
    await sleep(300);
    expect(await lagSeconds("max")).toBeLessThan(blocked);
  });
});
