/**
 * Time from writing a new critical alert (the scan's transaction) to its appearing in a browser
 * on the live dashboard, through Redis and socket.io. Prints JSON on stdout.
 */
import "../server/load-dotenv";
import { randomUUID } from "node:crypto";
import { chromium } from "@playwright/test";
import { evaluateScanBatch } from "../server/anomaly/evaluate-scan-batch";
import { anomalyConfigSchema } from "../server/anomaly/schemas";
import { writeScanAlerts } from "../server/alerts/write-scan-alerts";
import { db } from "../server/db";
import { env } from "../server/env";
import { argValue, progress, quick, startProcess, summarize } from "./support/processes";
import { chromiumLaunchOptions } from "../tests/support/chromium-launch";
import { seriesOf } from "../server/anomaly/detectors/detector";

const config = anomalyConfigSchema.parse({ defaults: { threshold: { params: { validMin: 0, validMax: 100 } } } });

function outOfRangeCandidates(sensorKey: string) {
  const now = Date.now();
  const readings = [
    { time: now - 1_000, value: 50 },
    { time: now, value: 500 },
  ];
  return evaluateScanBatch({ config, sensors: [{ sensorKey, state: undefined, series: seriesOf(readings) }], now }).candidates;
}

async function main() {
  const samples = argValue("alerts", quick ? 10 : 50);
  const port = String(env().PORT + 9);
  const web = startProcess("server/main.ts", { PORT: port, LOG_LEVEL: "info" }, "console listening");
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    await web.ready;
    const page = await browser.newPage();
    const seen = new Map<string, number>();
    await page.exposeFunction("reportSeen", (text: string, at: number) => {
      for (const key of text.match(/bench-[0-9a-f]{8}/g) ?? []) if (!seen.has(key)) seen.set(key, at);
    });
    await page.goto(`http://127.0.0.1:${port}/login`);
    await page.getByLabel("Email").fill(env().DEMO_ADMIN_EMAIL);
    await page.getByLabel("Password").fill(env().DEMO_ADMIN_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByTestId("current-user").waitFor();
    await page.goto(`http://127.0.0.1:${port}/dashboard`);
    await page.locator('[data-testid="live-status"][data-status="live"]').waitFor();
    await page.evaluate(() => {
      new MutationObserver(() =>
        (window as unknown as { reportSeen: (t: string, at: number) => void }).reportSeen(
          // biome-ignore lint/performance/useDomNodeTextContent: the bench waits for the text a person sees, which innerText is
          document.body.innerText,
          Date.now(),
        ),
      ).observe(document.body, { childList: true, subtree: true, characterData: true });
    });

    const latencies: number[] = [];
    for (let i = 0; i < samples; i++) {
      const sensorKey = `bench-${randomUUID().slice(0, 8)}`;
      const startedAt = Date.now();
      await writeScanAlerts(db, { candidates: outOfRangeCandidates(sensorKey), labels: new Map() });
      const deadline = Date.now() + 5_000;
      while (!seen.has(sensorKey) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      if (seen.has(sensorKey)) latencies.push(seen.get(sensorKey)! - startedAt);
    }
    const stats = summarize(latencies);
    progress(`alert → browser: p50 ${stats.p50} ms, p95 ${stats.p95} ms (${latencies.length}/${samples} seen)`);
    console.log(JSON.stringify({ alerts: { to_browser_ms: { p50: stats.p50, p95: stats.p95, p99: stats.p99, seen: latencies.length, written: samples } } }));
  } finally {
    await browser.close();
    await web.stop();
    await db.alertIncident.deleteMany({ where: { sensorKey: { startsWith: "bench-" } } });
    await db.$disconnect();
  }
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
