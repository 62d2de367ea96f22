import { randomBytes, randomUUID } from "node:crypto";
import net from "node:net";
import { fromBuffer, type Entry, type ZipFile } from "yauzl";
import { startProcess } from "../bench/support/processes";
import { SESSION_COOKIE } from "../server/auth/session";
import { db } from "../server/db";
import { runReadingsExport } from "../server/exports/run-readings-export";
import { influx } from "../server/influx/influx-client";
import { createIngestSource } from "../server/ingest/create-ingest-source";
import { summarize } from "../bench/support/processes";
import { createTestUser } from "../tests/support/users";
import { hostileCases, type CaseOutcome, type DrillContext, type HostileCase } from "./hostile-input-cases";
import { call, trpcQueryPath } from "./hostile-input-client";
import { sleep, type DrillResult } from "./support";
import { chromiumLaunchOptions } from "../tests/support/chromium-launch";

const PORT = 3997;
const HEADERS_TIMEOUT_MS = 3_000;
const REQUEST_TIMEOUT_MS = 6_000;
const INGEST_MAX_BODY = 1024 * 1024;
/** Event-loop delay the web process may show while attacked (the issue's bound for valid load, item 2). */
const EVENT_LOOP_P99_MS = 100;
/** The console counts as responsive while /api/health and /login answer within this. */
const RESPONSIVE_MS = 2_000;

/** Rows a refused request could leave behind; AuditEvent is left out (refusals may be audited by design). */
const TABLES = [
  "Sensor",
  "SensorImport",
  "ReadingsExport",
  "ReadingsExportChunk",
  "JobRun",
  "JobDefinition",
  "IngestSource",
  "User",
  "Session",
  "SensorCalibration",
  "SensorFlag",
];

async function rowCounts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES) {
    const [row] = await db.$queryRawUnsafe<Array<{ n: bigint }>>(`SELECT count(*) AS n FROM "${t}"`).catch(() => [{ n: -1n }]);
    out[t] = Number(row.n);
  }
  const points = await influx()
    .query(`SELECT count("value") FROM "reading"`)
    .catch(() => undefined);
  out.influx_points = Number(points?.results?.[0]?.series?.[0]?.values?.[0]?.[1] ?? 0);
  return out;
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.on("connect", () => (socket.destroy(), resolve(false)));
    socket.on("error", () => resolve(true));
  });
}

/** Entry name → text of every file in a zip. */
async function unzip(buffer: Buffer): Promise<Map<string, string>> {
  const zip = await new Promise<ZipFile>((resolve, reject) => fromBuffer(buffer, { lazyEntries: true }, (err, z) => (err ? reject(err) : resolve(z))));
  const files = new Map<string, string>();
  await new Promise<void>((resolve, reject) => {
    zip.on("entry", (entry: Entry) =>
      zip.openReadStream(entry, (err, stream) => {
        if (err) return reject(err);
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => (files.set(entry.fileName, Buffer.concat(chunks).toString("utf8")), zip.readEntry()));
      }),
    );
    zip.on("end", resolve);
    zip.on("error", reject);
    zip.readEntry();
  });
  return files;
}

/** Polls /api/health and /login while the attack runs: their latencies and failures. */
function startProber(base: string) {
  const latencies: number[] = [];
  let failures = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      for (const path of ["/api/health", "/login"]) {
        const a = await call(base, path, { timeoutMs: 10_000 });
        latencies.push(a.ms);
        if (a.status !== 200) failures++;
      }
      await sleep(250);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { ...summarize(latencies), max: Math.round(Math.max(...latencies)), failures };
    },
  };
}

/** The web process's event-loop delay since the previous scrape (p99 and max, ms); NaN when not served. */
async function eventLoopDelayMs(base: string, token: string): Promise<{ p99: number; max: number }> {
  const a = await call(base, "/api/metrics", { headers: { authorization: `Bearer ${token}` } });
  const stat = (name: string) => {
    const match = new RegExp(`^(?:\\w+_)?nodejs_eventloop_lag_${name}_seconds(?:\\{[^}]*\\})?\\s+([0-9.eE+-]+)`, "m").exec(a.text);
    return match ? Math.round(Number(match[1]) * 1000 * 10) / 10 : NaN;
  };
  return { p99: stat("p99"), max: stat("max") };
}

/**
 * Hostile data the console must take and show safely (set up before the counts): sensor keys carrying HTML,
 * a spreadsheet formula and InfluxQL, registered through the write API by a source that registers unknown
 * keys. Returns the checks' outcomes as cases of their own.
 */
async function acceptedHostileData(ctx: DrillContext, stakeholder: { email: string }, tag: string): Promise<Array<[HostileCase, CaseOutcome]>> {
  const keys = {
    html: `drill-${tag}-<img src=x onerror="window.__gmXss=1">`,
    formula: `=HYPERLINK("http://evil.example","drill-${tag}")`,
    influxql: `drill-${tag}-x' OR "sensor" =~ /.*/ OR 'a`,
  };
  const escapeTag = (v: string) => v.replaceAll("\\", "\\\\").replaceAll(",", "\\,").replaceAll("=", "\\=").replaceAll(" ", "\\ ");
  const t = Date.now() - 60_000;
  const body = Object.values(keys)
    .map((k, i) => `reading,sensor=${escapeTag(k)} value=${i + 1} ${t}`)
    .join("\n");
  const written = await call(ctx.base, "/api/v2/write?bucket=b&precision=ms", { body, headers: { authorization: `Token ${ctx.tokens.register}` } });
  const results: Array<[HostileCase, CaseOutcome]> = [];
  const as = (entry: string, name: string, expect: string, item: number | undefined, outcome: CaseOutcome): [HostileCase, CaseOutcome] => [
    { entry, kind: "injection", name, expect, item, run: async () => outcome },
    outcome,
  ];
  results.push(
    as("/api/v2/write", "hostile keys auto-registered by a registering source", "204", undefined, { ok: written.status === 204, got: `${written.status}` }),
  );

  // InfluxQL in a key reads back that sensor's one reading, not everyone's.
  const read = await call(ctx.base, trpcQueryPath("sensors.readings", { key: keys.influxql, hours: 1, raw: true }), { cookie: ctx.cookie.admin });
  const points = read.status === 200 ? Number(JSON.parse(read.text).result?.data?.json?.count ?? -1) : -1;
  results.push(
    as("tRPC", "InfluxQL in a sensor key reads back only that sensor", "200, 1 reading", undefined, {
      ok: read.status === 200 && points === 1,
      got: `${read.status}, ${points} readings`,
    }),
  );

  // A formula key in a readings CSV is defused, as audit and report CSVs do (item 8).
  const exportRow = await db.readingsExport.create({
    data: {
      requestedBy: stakeholder.email,
      params: { sensorKeys: [keys.formula], from: new Date(t - 3_600_000).toISOString(), to: new Date(t + 3_600_000).toISOString() },
    },
  });
  await runReadingsExport(db, { exportId: exportRow.id, influx: influx() });
  const zip = await fetch(`${ctx.base}/api/exports/${exportRow.id}`, { headers: { cookie: ctx.cookie.stakeholder } });
  const files = zip.status === 200 ? await unzip(Buffer.from(await zip.arrayBuffer())) : new Map<string, string>();
  const row =
    [...files.values()]
      .join("\n")
      .split("\n")
      .find((l) => l.includes("HYPERLINK")) ?? "";
  const cell = row.split(",").slice(1).join(",");
  results.push(
    as("/api/exports", "spreadsheet formula as a sensor key in a readings CSV", "cell defused", 8, {
      ok: zip.status === 200 && cell.length > 0 && !/^"?[=+\-@]/.test(cell),
      got: `${zip.status}, row ${JSON.stringify(row.slice(0, 80))}`,
    }),
  );

  // HTML in a key is shown as text on its page, and runs nothing (a real browser).
  results.push(as("pages", "HTML/script in a sensor key on its page", "shown as text, not run", undefined, await checkPageEscaping(ctx, keys.html)));
  return results;
}

async function checkPageEscaping(ctx: DrillContext, key: string): Promise<CaseOutcome> {
  const { chromium } = await import("@playwright/test");
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const context = await browser.newContext();
    await context.addCookies([{ name: SESSION_COOKIE, value: ctx.cookie.admin.split("=")[1], url: ctx.base }]);
    const page = await context.newPage();
    const shown: string[] = [];
    for (const path of [`/sensors/${encodeURIComponent(key)}`, `/sensors?search=${encodeURIComponent(key.slice(0, 40))}`]) {
      await page.goto(`${ctx.base}${path}`);
      const found = await page
        .getByText(key, { exact: false })
        .first()
        .waitFor({ timeout: 15_000 })
        .then(
          () => true,
          () => false,
        );
      const ran = await page.evaluate(() => (window as unknown as { __gmXss?: number }).__gmXss === 1);
      shown.push(`${path.split("?")[0].slice(0, 9)}: ${found ? "text shown" : "text not found"}${ran ? ", SCRIPT RAN" : ""}`);
      if (ran || !found) return { ok: false, got: shown.join("; ") };
    }
    return { ok: true, got: shown.join("; ") };
  } finally {
    await browser.close();
  }
}

/**
 * Every entry point of the web process gets malformed, oversized, compressed-bomb, slow-loris, wrong-role,
 * cross-origin and injection inputs while a prober checks the console answers: each must be refused with
 * the right status, nothing crashes, nothing refused is half-written, the event loop stays responsive.
 */
export async function hostileInputDrill(): Promise<DrillResult> {
  if (!(await portIsFree(PORT))) throw new Error(`port ${PORT} is in use; the hostile-input drill needs it for its own web process`);
  const tag = randomUUID().slice(0, 8);
  const base = `http://127.0.0.1:${PORT}`;
  const metricsToken = randomBytes(24).toString("hex");
  const web = startProcess(
    "server/main.ts",
    {
      PORT: String(PORT),
      PUBLIC_URL: base,
      QUEUE_PREFIX: `drill-${tag}`,
      LOG_LEVEL: "info",
      METRICS_TOKEN: metricsToken,
      INGEST_MAX_BODY_BYTES: String(INGEST_MAX_BODY),
      HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
      HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
    },
    "console listening",
  );
  let exitedWith: string | undefined;
  web.child.once("exit", (code, signal) => (exitedWith = `${code ?? signal}`));
  try {
    await web.ready;
    const [admin, operator, engineer, stakeholder] = await Promise.all(
      (["ADMIN", "OPERATOR", "ENGINEER", "STAKEHOLDER"] as const).map((r) => createTestUser(r)),
    );
    const cookie = (t: { token: string }) => `${SESSION_COOKIE}=${t.token}`;
    const [refuse, register] = await Promise.all([
      createIngestSource(db, { name: `hostile-refuse-${tag}`, unknownSensors: "refuse" }),
      createIngestSource(db, { name: `hostile-register-${tag}`, unknownSensors: "register" }),
    ]);
    const sensorKey = `drill-hostile-${tag}`;
    await db.sensor.create({
      data: { key: sensorKey, name: "Hostile drill", quantity: "temperature", unit: "C", infraType: "drill", region: "drill", site: "drill" },
    });
    const adminExport = await db.readingsExport.create({
      data: {
        requestedBy: admin.user.email,
        params: { sensorKeys: [sensorKey], from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date().toISOString() },
      },
    });
    await runReadingsExport(db, { exportId: adminExport.id, influx: influx() });
    const ctx: DrillContext = {
      base,
      port: PORT,
      cookie: { admin: cookie(admin), operator: cookie(operator), engineer: cookie(engineer), stakeholder: cookie(stakeholder) },
      tokens: { refuse: refuse.token, register: register.token },
      sensorKey,
      adminExportId: adminExport.id,
      metricsToken,
      ingestMaxBody: INGEST_MAX_BODY,
      headersTimeoutMs: HEADERS_TIMEOUT_MS,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
      evilOrigin: "http://evil.example",
    };
    const accepted = await acceptedHostileData(ctx, stakeholder.user, tag);

    const before = await rowCounts();
    await eventLoopDelayMs(base, metricsToken); // a scrape resets the histogram: what follows is the attack's
    const prober = startProber(base);
    // Slow clients run alongside everything else, as an attacker's would.
    const slow = hostileCases.filter((c) => c.kind === "slow-loris");
    const slowRuns = slow.map((c) => c.run(ctx).catch((err): CaseOutcome => ({ ok: false, got: `drill error: ${(err as Error).message}` })));
    const results: Array<[HostileCase, CaseOutcome]> = [...accepted];
    const runCase = (c: HostileCase) => c.run(ctx).catch((err): CaseOutcome => ({ ok: false, got: `drill error: ${(err as Error).message}` }));
    // The backtracking inputs (item 1) go last: unfixed, they freeze the process, and the slow clients' timeouts with it.
    const blocking = (c: HostileCase) => c.item === 1;
    for (const c of hostileCases.filter((c) => c.kind !== "slow-loris" && !blocking(c))) results.push([c, await runCase(c)]);
    (await Promise.all(slowRuns)).forEach((outcome, i) => results.push([slow[i], outcome]));
    for (const c of hostileCases.filter(blocking)) results.push([c, await runCase(c)]);
    const probe = await prober.stop();
    const { p99, max: loopMax } = await eventLoopDelayMs(base, metricsToken);
    await sleep(500);
    const after = await rowCounts();
    const halfWritten = Object.keys(before).reduce((n, k) => n + Math.abs(after[k] - before[k]), 0);
    const changed = Object.keys(before)
      .filter((k) => after[k] !== before[k])
      .map((k) => `${k} ${before[k]}→${after[k]}`);
    const crashes = exitedWith === undefined && web.child.exitCode === null ? 0 : 1;
    const serverErrors = results.filter(([, o]) => /^500\b/.test(o.got)).length;

    printTable(results);
    const failed = results.filter(([, o]) => !o.ok);
    const responsive = probe.failures === 0 && probe.max < RESPONSIVE_MS;
    const counts = {
      inputs_tried: results.length,
      refused_right: results.length - failed.length,
      wrong: failed.length,
      crashes,
      server_errors_500: serverErrors,
      half_written_rows: halfWritten,
      event_loop_p99_ms: p99,
      event_loop_max_ms: loopMax,
      console_probe_p50_ms: probe.p50,
      console_probe_max_ms: probe.max,
      console_probe_failures: probe.failures,
    };
    const pass = failed.length === 0 && crashes === 0 && serverErrors === 0 && halfWritten === 0 && p99 < EVENT_LOOP_P99_MS && responsive;
    const notes = [
      Number.isNaN(p99)
        ? "event-loop p99: /api/metrics serves no (gristmill_web_)nodejs_eventloop_lag_p99_seconds"
        : `event-loop p99 ${p99} ms (bound ${EVENT_LOOP_P99_MS}), max ${loopMax} ms`,
      `console ${responsive ? "stayed" : "did NOT stay"} responsive (/api/health and /login: p50 ${probe.p50} ms, max ${probe.max} ms, ${probe.failures} failed; bound ${RESPONSIVE_MS} ms)`,
      `slowest answers: ${slowest(results)}`,
      changed.length ? `half-written: ${changed.join(", ")}` : "",
      failed.length
        ? `wrong answers: ${failed.map(([c, o]) => `${c.entry} ${c.name}${c.item ? ` [item ${c.item}]` : ""}: expected ${c.expect}, got ${o.got}`).join(" | ")}`
        : "",
    ].filter(Boolean);
    return { drill: "hostile input at every entry point", pass, counts, note: notes.join("\n        ") };
  } finally {
    await web.stop();
  }
}

/** The three cases that took longest (where an event-loop stall most likely came from). */
function slowest(results: Array<[HostileCase, CaseOutcome]>): string {
  const timed = results
    .filter(([c]) => c.kind !== "slow-loris")
    .map(([c, o]) => [c, Number(/ in (\d+) ms/.exec(o.got)?.[1] ?? /after (\d+) ms/.exec(o.got)?.[1] ?? 0)] as const);
  return timed
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([c, ms]) => `${c.entry} "${c.name}" ${ms} ms`)
    .join("; ");
}

function printTable(results: Array<[HostileCase, CaseOutcome]>) {
  const rows = results.map(([c, o]) => [o.ok ? "ok" : "WRONG", c.entry, c.kind, c.name + (c.item ? ` [item ${c.item}]` : ""), c.expect, o.got]);
  const widths = [5, 13, 15, 70, 30].map((w, i) => Math.max(w, ...rows.map((r) => Math.min(r[i].length, w))));
  const clip = (text: string, w: number) => (text.length > w ? `${text.slice(0, w - 1)}…` : text.padEnd(w));
  console.log(`\n${["", "entry", "kind", "input", "expected", "got"].map((h, i) => (i < 5 ? clip(h, widths[i]) : h)).join("  ")}`);
  for (const r of rows) console.log(r.map((cell, i) => (i < 5 ? clip(cell, widths[i]) : cell)).join("  "));
  const byEntry = new Map<string, { tried: number; ok: number }>();
  for (const [c, o] of results) {
    const e = byEntry.get(c.entry) ?? { tried: 0, ok: 0 };
    e.tried++;
    if (o.ok) e.ok++;
    byEntry.set(c.entry, e);
  }
  console.log(`\n${"entry point".padEnd(15)}  tried  right`);
  for (const [entry, e] of byEntry) console.log(`${entry.padEnd(15)}  ${String(e.tried).padStart(5)}  ${String(e.ok).padStart(5)}`);
}
