import { randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import superjson from "superjson";
import { startProcess } from "../bench/support/processes";
import { createSession, SESSION_COOKIE } from "../server/auth/session";
import { db } from "../server/db";
import { influx } from "../server/influx/influx-client";
import { createIngestSource } from "../server/ingest/create-ingest-source";
import { createUser } from "../server/users/create-user";
import { sleep, waitUntil, type DrillResult } from "./support";

const LIMIT = 40; // requests per window for the drill's sources; the burst sends 10 times that
const WINDOW_SECONDS = 30;
const MAX_BODY = 8 * 1024 * 1024; // room for the large valid bodies
const MALFORMED = 30; // within one source's limit, so every one is answered for its body
const OVERSIZED = 20;
const LARGE_BODIES = 3; // valid bodies of LARGE_POINTS points each, parsed off the event loop
const LARGE_POINTS = 100_000;
const IMPORT_BYTES = 20_000_000; // just under IMPORT_MAX_BYTES (20 MiB)
const LOOP_P99_TARGET_MS = 100;

/** The web process's event-loop delay (ms) since the previous scrape, from its /api/metrics. */
async function eventLoopDelay(base: string): Promise<{ p99: number; max: number }> {
  const families = parsePrometheusTextFormat(await (await fetch(`${base}/api/metrics`)).text());
  const value = (stat: string) =>
    Number(
      (families.find((f) => f.name === `gristmill_web_nodejs_eventloop_lag_${stat}_seconds`)?.metrics[0] as { value?: string } | undefined)?.value ?? NaN,
    ) * 1000;
  return { p99: Math.round(value("p99")), max: Math.round(value("max")) };
}

/** Probes /api/health every 250 ms until stopped; the slowest answer says whether the console stayed responsive. */
function healthProbe(base: string) {
  let stopped = false;
  let slowest = 0;
  const done = (async () => {
    while (!stopped) {
      const started = performance.now();
      await fetch(`${base}/api/health`)
        .then((r) => r.arrayBuffer())
        .catch(() => undefined);
      slowest = Math.max(slowest, performance.now() - started);
      await sleep(250);
    }
  })();
  return { stop: async () => ((stopped = true), await done, Math.round(slowest)) };
}

/** A CSV logger file of about `bytes`, one timestamp and three value columns named after the keys. */
function loggerFile(keys: string[], bytes: number): { content: string; rows: number } {
  const start = Date.UTC(2025, 0, 1);
  const parts = [`timestamp,${keys.join(",")}\n`];
  let size = parts[0].length;
  let rows = 0;
  while (size < bytes) {
    const line = `${new Date(start + rows * 60_000).toISOString()},${(rows % 1000) / 8},${rows % 97},${-(rows % 13) / 4}\n`;
    parts.push(line);
    size += line.length;
    rows += 1;
  }
  return { content: parts.join(""), rows };
}

/** Sends `count` requests, `parallel` at a time, and tallies the status codes. */
async function send(count: number, parallel: number, request: (i: number) => Promise<Response>): Promise<Record<number, number>> {
  const statuses: Record<number, number> = {};
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        const res = await request(next++);
        await res.arrayBuffer();
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      }
    }),
  );
  return statuses;
}

/**
 * Flood the write API with malformed and oversized bodies and a burst of ten times a source's rate
 * limit, while another source writes steadily: clean errors, 429s, the console stays up and the
 * steady source's readings all land.
 */
export async function ingestFloodDrill(): Promise<DrillResult> {
  const port = 3991;
  const base = `http://127.0.0.1:${port}`;
  const tag = randomUUID().slice(0, 8);
  const web = startProcess(
    "server/main.ts",
    {
      PORT: String(port),
      QUEUE_PREFIX: `drill-${tag}`,
      LOG_LEVEL: "info",
      INGEST_RATE_LIMIT_REQUESTS: String(LIMIT),
      INGEST_RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_SECONDS),
      INGEST_MAX_BODY_BYTES: String(MAX_BODY),
    },
    "console listening",
  );
  const sensorKey = `drill-flood-${tag}`;
  let phase = "start";
  try {
    await web.ready;
    await db.sensor.create({
      data: { key: sensorKey, name: "Flood drill", quantity: "temperature", unit: "°C", infraType: "building", region: "drill", site: "drill" },
    });
    // One source per kind of abuse: each has its own rate limit, so one kind's requests do not turn the next kind's answers into 429s.
    const [malformedSource, oversizedSource, flooder] = await Promise.all(
      ["malformed", "oversized", "flooder"].map((name) => createIngestSource(db, { name: `${name}-${tag}`, unknownSensors: "refuse" })),
    );
    const steady = await createIngestSource(db, { name: `steady-${tag}`, unknownSensors: "refuse" });
    const bulk = await createIngestSource(db, { name: `bulk-${tag}`, unknownSensors: "refuse" });
    const bulkKey = `${sensorKey}-bulk`;
    const importKeys = ["a", "b", "c"].map((c) => `${sensorKey}-import-${c}`);
    for (const key of [bulkKey, ...importKeys])
      await db.sensor.create({ data: { key, name: key, quantity: "temperature", unit: "°C", infraType: "building", region: "drill", site: "drill" } });
    const write = (token: string, body: string) =>
      fetch(`${base}/api/v2/write?bucket=gristmill&precision=ms`, {
        method: "POST",
        headers: { authorization: `Token ${token}`, "content-type": "text/plain" },
        body,
      });
    const line = (i: number) => `reading,sensor=${sensorKey} value=${i} ${Date.now() - 60_000 + i}`;

    const steadyBatches = 20;
    await eventLoopDelay(base); // starts the measured window
    const probe = healthProbe(base);
    const bulkStart = Date.now() - 3_600_000;
    phase = "flood";
    const largeRun = send(LARGE_BODIES, 1, (b) =>
      write(
        bulk.token,
        Array.from({ length: LARGE_POINTS }, (_, i) => `reading,sensor=${bulkKey} value=${(i % 500) / 4} ${bulkStart + b * LARGE_POINTS + i}`).join("\n"),
      ),
    );
    const steadyRun = send(steadyBatches, 1, async (i) => {
      await new Promise((r) => setTimeout(r, 100));
      return write(steady.token, Array.from({ length: 10 }, (_, j) => line(i * 10 + j)).join("\n"));
    });
    const malformed = await send(MALFORMED, 8, () => write(malformedSource.token, "reading,sensor= value=\nnot line protocol at all"));
    // A gzip bomb: a few KiB on the wire, past the limit once inflated.
    const bomb = new Uint8Array(gzipSync(`${line(0)}\n`.repeat(Math.ceil((MAX_BODY * 1.2) / line(0).length))));
    const oversized = await send(OVERSIZED, 4, () =>
      fetch(`${base}/api/v2/write?bucket=gristmill&precision=ms`, {
        method: "POST",
        headers: { authorization: `Token ${oversizedSource.token}`, "content-encoding": "gzip" },
        body: bomb,
      }),
    );
    const burst = await send(LIMIT * 10, 16, (i) => write(flooder.token, line(100_000 + i)));
    const steadyStatuses = await steadyRun;
    const largeStatuses = await largeRun;
    const floodLoop = await eventLoopDelay(base);
    const floodHealthMs = await probe.stop();

    // A 20 MB logger file previewed through tRPC by a signed-in operator, as the console sends it.
    const operator = await createUser(db, { email: `drill-${tag}@drill.local`, name: "Drill operator", role: "OPERATOR", password: `drill-${tag}-password` });
    const { token: sessionToken } = await createSession(db, { userId: operator.id });
    const file = loggerFile(importKeys, IMPORT_BYTES);
    const importProbe = healthProbe(base);
    const previewStarted = performance.now();
    phase = "20 MB import preview";
    // Recorded, not thrown: a refused or broken upload is a result the table must show.
    let previewStatus = 0;
    let previewRows = -1;
    let previewError = "";
    try {
      const preview = await fetch(`${base}/api/trpc/imports.preview?batch=1`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: `${SESSION_COOKIE}=${sessionToken}` },
        body: JSON.stringify({
          0: superjson.serialize({ fileName: "drill-20mb.csv", contentBase64: Buffer.from(file.content).toString("base64"), timeZone: "UTC" }),
        }),
      });
      previewStatus = preview.status;
      const answer = (await preview.json()) as Array<{
        result?: { data: Parameters<typeof superjson.deserialize>[0] };
        error?: Parameters<typeof superjson.deserialize>[0];
      }>;
      if (answer[0]?.result) previewRows = (superjson.deserialize(answer[0].result.data) as { rows: number }).rows;
      else previewError = (superjson.deserialize(answer[0]?.error ?? { json: {} }) as { message?: string }).message ?? "";
    } catch (err) {
      previewError = `${(err as Error).message} (${(err as Error & { cause?: Error }).cause?.message ?? ""})`;
    }
    const previewMs = Math.round(performance.now() - previewStarted);
    const importLoop = await eventLoopDelay(base);
    const importHealthMs = await importProbe.stop();

    await waitUntil("steady readings in InfluxDB", async () => (await landedPoints(sensorKey)) >= steadyBatches * 10, 10_000).catch(() => undefined);
    const landed = await landedPoints(sensorKey);
    phase = "after";
    const health = await fetch(`${base}/api/health`).then((r) => r.status);
    const alive = web.child.exitCode === null;
    const counts = {
      malformed_400: malformed[400] ?? 0,
      oversized_413: oversized[413] ?? 0,
      burst_requests: LIMIT * 10,
      burst_accepted_204: burst[204] ?? 0,
      burst_limited_429: burst[429] ?? 0,
      steady_accepted_204: steadyStatuses[204] ?? 0,
      steady_points_landed: landed - (burst[204] ?? 0), // the burst wrote to the same sensor
      large_bodies_204: largeStatuses[204] ?? 0,
      large_points_landed: await landedPoints(bulkKey),
      flood_loop_p99_ms: floodLoop.p99,
      flood_loop_max_ms: floodLoop.max,
      flood_health_slowest_ms: floodHealthMs,
      import_preview_status: previewStatus,
      import_preview_rows: previewRows,
      import_preview_ms: previewMs,
      import_loop_p99_ms: importLoop.p99,
      import_loop_max_ms: importLoop.max,
      import_health_slowest_ms: importHealthMs,
      health_after: health,
      web_alive: alive ? 1 : 0,
    };
    const pass =
      counts.malformed_400 === MALFORMED &&
      counts.oversized_413 === OVERSIZED &&
      counts.burst_accepted_204 <= LIMIT &&
      counts.burst_limited_429 >= LIMIT * 9 &&
      counts.steady_accepted_204 === steadyBatches &&
      counts.steady_points_landed === steadyBatches * 10 &&
      health === 200 &&
      alive &&
      counts.large_bodies_204 === LARGE_BODIES &&
      counts.large_points_landed === LARGE_BODIES * LARGE_POINTS &&
      counts.import_preview_status === 200 &&
      counts.import_preview_rows === file.rows &&
      counts.flood_loop_p99_ms < LOOP_P99_TARGET_MS &&
      counts.import_loop_p99_ms < LOOP_P99_TARGET_MS;
    return {
      drill: "flood the write API (malformed, oversized, 10x burst, large valid bodies), then a 20 MB import preview",
      pass,
      counts,
      note: `Rate limit ${LIMIT} requests / ${WINDOW_SECONDS} s per source, body limit ${MAX_BODY / 1024 / 1024} MiB for the drill; ${LARGE_BODIES} bodies of ${LARGE_POINTS.toLocaleString("en")} points; a ${(file.content.length / 1024 / 1024).toFixed(0)} MB file of ${file.rows.toLocaleString("en")} rows${previewError ? ` (preview refused: ${previewError})` : ""}. Event-loop p99 (web process, monitorEventLoopDelay via /api/metrics) must stay under ${LOOP_P99_TARGET_MS} ms in both.`,
    };
  } catch (err) {
    const cause = (err as Error & { cause?: Error }).cause;
    throw new Error(`${phase}: ${(err as Error).message}${cause ? ` (${cause.message})` : ""}`);
  } finally {
    await web.stop();
  }
}

async function landedPoints(sensorKey: string): Promise<number> {
  const result = await influx().query(`SELECT count("value") FROM "reading" WHERE "sensor" = '${sensorKey}'`);
  return Number(result.results?.[0]?.series?.[0]?.values?.[0]?.[1] ?? 0);
}
