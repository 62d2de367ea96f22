/**
 * Opens every console page as an admin in Chromium and times it: server time (the document's time
 * to first byte) and time until the main content is visible (Largest Contentful Paint, read once the
 * page's data has arrived), p50/p95 per page. First on the bench database as it is (the
 * baseline, same run), then with a fleet of 10,000 sensors and 1,000,000 runs added (--quick: 1,000
 * and 50,000), which are removed again at the end. Prints JSON on stdout; the worst page's p95 is
 * `console.worst_page_p95_ms`.
 */
import "../server/load-dotenv";
import { chromium, type Page } from "@playwright/test";
import { navItems } from "../components/shell/nav-items";
import { db } from "../server/db";
import { env } from "../server/env";
import { argValue, progress, quick, startProcess, summarize } from "./support/processes";
import { chromiumLaunchOptions } from "../tests/support/chromium-launch";

const SENSORS = argValue("sensors", quick ? 1_000 : 10_000);
const RUNS = argValue("runs", quick ? 50_000 : 1_000_000);
const DEFINITIONS = 20;
const LOADS = argValue("loads", quick ? 2 : 5);
const SEED = "bench-page";

/** Every page of the nav, the account page, and one sensor's and one run's page. */
function pagesToOpen(sensorKey: string | null, runId: string | null): string[] {
  return [
    ...navItems.map((i) => i.href),
    "/account",
    // The long tables in their slowest orders: sensors by last reading, runs by an unindexed column.
    "/sensors?sort=lastReadingAt&dir=desc",
    "/runs?sort=finishedAt",
    ...(sensorKey ? [`/sensors/${encodeURIComponent(sensorKey)}`] : []),
    ...(runId ? [`/runs/${runId}`] : []),
  ];
}

async function seedFleet(): Promise<void> {
  const started = performance.now();
  await db.$executeRawUnsafe(`
    INSERT INTO "Sensor" (id, key, name, quantity, unit, "infraType", region, site, "intervalSeconds", "lastReadingAt", "lastValue", "updatedAt")
    SELECT '${SEED}-s' || i, '${SEED}-' || i, 'Bench sensor ' || i, (ARRAY['wind_speed','temperature','pressure','power','flow'])[1 + i % 5], 'unit',
      (ARRAY['wind_mast','power_plant','water_network','building','solar'])[1 + i % 5], 'region-' || (i % 40), 'site-' || (i % 400), 60,
      now() - (CASE WHEN i % 50 = 0 THEN interval '2 hours' WHEN i % 20 = 0 THEN interval '5 minutes' ELSE interval '10 seconds' END), i % 100, now()
    FROM generate_series(1, ${SENSORS}) AS i
    ON CONFLICT (key) DO NOTHING`);
  // Runs belong to definitions, as in a fleet that has run for a while: pages that show each definition's last run must not scan its history.
  await db.$executeRawUnsafe(`
    INSERT INTO "JobDefinition" (id, name, kind, params, "updatedAt")
    SELECT '${SEED}-d' || i, '${SEED} job ' || i, 'anomaly-scan', '{}', now() FROM generate_series(0, ${DEFINITIONS - 1}) AS i
    ON CONFLICT (id) DO NOTHING`);
  await db.$executeRawUnsafe(`
    INSERT INTO "JobRun" (id, "definitionId", kind, params, priority, queue, trigger, status, "queuedAt", "startedAt", "finishedAt", attempts, "slaBreached")
    SELECT '${SEED}-r' || i, '${SEED}-d' || (i % ${DEFINITIONS}), (ARRAY['anomaly-scan','infra-report','retention-purge','sensor-import','readings-export'])[1 + i % 5],
      jsonb_build_object('region', 'region-' || (i % 40)), ('P' || (i % 5))::"Priority", 'jobs', (ARRAY['schedule','manual'])[1 + i % 2]::"RunTrigger",
      (CASE WHEN i % 97 = 0 THEN 'failed' WHEN i % 389 = 0 THEN 'dead' ELSE 'succeeded' END)::"RunStatus",
      now() - i * interval '3 seconds', now() - i * interval '3 seconds' + interval '200 milliseconds', now() - i * interval '3 seconds' + interval '900 milliseconds', 1, i % 211 = 0
    FROM generate_series(1, ${RUNS}) AS i
    ON CONFLICT (id) DO NOTHING`);
  // A steady-state database has vacuumed these rows: without it the first reads of a million fresh rows set
  // their hint bits (writes) and autovacuum starts mid-measurement, so the figures would time the bulk load.
  await db.$executeRawUnsafe(`VACUUM (ANALYZE) "Sensor"`);
  await db.$executeRawUnsafe(`VACUUM (ANALYZE) "JobRun"`);
  progress(`seeded ${SENSORS.toLocaleString()} sensors and ${RUNS.toLocaleString()} runs in ${Math.round((performance.now() - started) / 1000)} s`);
}

async function removeFleet(): Promise<void> {
  await db.$executeRawUnsafe(`DELETE FROM "JobRun" WHERE id LIKE '${SEED}-r%'`);
  await db.$executeRawUnsafe(`DELETE FROM "Sensor" WHERE key LIKE '${SEED}-%'`);
  await db.$executeRawUnsafe(`DELETE FROM "JobDefinition" WHERE id LIKE '${SEED}-d%'`);
}

/** One load of one page: time to first byte and LCP, in ms from the start of the navigation. */
async function openOnce(page: Page, url: string): Promise<{ serverMs: number; visibleMs: number }> {
  await page.goto(url, { waitUntil: "load" });
  await page.locator("main h1").first().waitFor({ timeout: 30_000 });
  // Live pages keep a socket and refetch every few seconds, so "network idle" may never come: wait
  // until no "Loading…" is left in the page, then half a second for the paint of what arrived.
  await page.waitForFunction(() => !document.querySelector("main")?.textContent?.includes("Loading…"), undefined, { timeout: 15_000 }).catch(() => undefined);
  await page.waitForTimeout(500);
  return page.evaluate(
    () =>
      new Promise<{ serverMs: number; visibleMs: number }>((resolve) => {
        const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
        const lcp = performance.getEntriesByType("largest-contentful-paint");
        const serverMs = nav.responseStart - nav.requestStart;
        if (lcp.length) return resolve({ serverMs, visibleMs: lcp[lcp.length - 1].startTime });
        new PerformanceObserver((list) => {
          const entries = list.getEntries();
          resolve({ serverMs, visibleMs: entries[entries.length - 1].startTime });
        }).observe({ type: "largest-contentful-paint", buffered: true });
        // No paint counted as largest (can happen when nothing new painted): the h1's time stands in.
        setTimeout(() => resolve({ serverMs, visibleMs: performance.now() }), 1_000);
      }),
  );
}

async function measure(page: Page, base: string, urls: string[]) {
  const perPage: Record<string, { server_p50: number; server_p95: number; visible_p50: number; visible_p95: number }> = {};
  for (const url of urls) {
    await openOnce(page, `${base}${url}`); // warm: the route's code and queries, as after any first visit
    const server: number[] = [];
    const visible: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      const t = await openOnce(page, `${base}${url}`);
      server.push(t.serverMs);
      visible.push(t.visibleMs);
    }
    const s = summarize(server);
    const v = summarize(visible);
    progress(`${url}: server p95 ${Math.round(s.p95)} ms, visible p95 ${Math.round(v.p95)} ms`);
    perPage[url] = { server_p50: Math.round(s.p50), server_p95: Math.round(s.p95), visible_p50: Math.round(v.p50), visible_p95: Math.round(v.p95) };
  }
  const worst = Object.entries(perPage).sort((a, b) => b[1].visible_p95 - a[1].visible_p95)[0];
  return { perPage, worst: { page: worst[0], p95: worst[1].visible_p95 } };
}

async function main() {
  const port = String(env().PORT + 11);
  const base = `http://127.0.0.1:${port}`;
  const web = startProcess("server/main.ts", { PORT: port, PUBLIC_URL: base, LOG_LEVEL: "info" }, "console listening");
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    await web.ready;
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${base}/login`);
    await page.getByLabel("Email").fill(env().DEMO_ADMIN_EMAIL);
    await page.getByLabel("Password").fill(env().DEMO_ADMIN_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByTestId("current-user").waitFor({ state: "attached" });
    progress("signed in");

    const before = await measure(page, base, pagesToOpen(null, null));
    progress(`as it is: worst page ${before.worst.page} p95 ${before.worst.p95} ms`);
    await seedFleet();
    const large = await measure(page, base, pagesToOpen(`${SEED}-1`, `${SEED}-r1`));
    progress(`with ${SENSORS.toLocaleString()} sensors and ${RUNS.toLocaleString()} runs: worst page ${large.worst.page} p95 ${large.worst.p95} ms`);
    console.log(
      JSON.stringify({
        console: {
          sensors: SENSORS,
          runs: RUNS,
          loads_per_page: LOADS,
          worst_page: large.worst.page,
          worst_page_p95_ms: large.worst.p95,
          baseline_worst_page: before.worst.page,
          baseline_worst_page_p95_ms: before.worst.p95,
          pages: large.perPage,
          baseline_pages: before.perPage,
        },
      }),
    );
  } finally {
    await browser.close();
    await web.stop();
    await removeFleet();
    await db.$disconnect();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
