import { randomUUID } from "node:crypto";
import { startProcess } from "../bench/support/processes";
import { db } from "../server/db";
import { influx } from "../server/influx/influx-client";
import { createIngestSource } from "../server/ingest/create-ingest-source";
import { waitUntil, type DrillResult } from "./support";

const LIMIT = 40; // requests per window for the drill's sources; the burst sends 10 times that
const WINDOW_SECONDS = 30;
const MAX_BODY = 64 * 1024;
const MALFORMED = 30; // within one source's limit, so every one is answered for its body
const OVERSIZED = 20;

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
    { PORT: String(port), QUEUE_PREFIX: `drill-${tag}`, LOG_LEVEL: "info", INGEST_RATE_LIMIT_REQUESTS: String(LIMIT), INGEST_RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_SECONDS), INGEST_MAX_BODY_BYTES: String(MAX_BODY) },
    "console listening",
  );
  const sensorKey = `drill-flood-${tag}`;
  try {
    await web.ready;
    await db.sensor.create({ data: { key: sensorKey, name: "Flood drill", quantity: "temperature", unit: "°C", infraType: "building", region: "drill", site: "drill" } });
    // One source per kind of abuse: each has its own rate limit, so one kind's requests do not turn the next kind's answers into 429s.
    const [malformedSource, oversizedSource, flooder] = await Promise.all(["malformed", "oversized", "flooder"].map((name) => createIngestSource(db, { name: `${name}-${tag}`, unknownSensors: "refuse" })));
    const steady = await createIngestSource(db, { name: `steady-${tag}`, unknownSensors: "refuse" });
    const write = (token: string, body: string) =>
      fetch(`${base}/api/v2/write?bucket=gristmill&precision=ms`, { method: "POST", headers: { authorization: `Token ${token}`, "content-type": "text/plain" }, body });
    const line = (i: number) => `reading,sensor=${sensorKey} value=${i} ${Date.now() - 60_000 + i}`;

    const steadyBatches = 20;
    const steadyRun = send(steadyBatches, 1, async (i) => {
      await new Promise((r) => setTimeout(r, 100));
      return write(steady.token, Array.from({ length: 10 }, (_, j) => line(i * 10 + j)).join("\n"));
    });
    const malformed = await send(MALFORMED, 8, () => write(malformedSource.token, "reading,sensor= value=\nnot line protocol at all"));
    const oversized = await send(OVERSIZED, 4, () => write(oversizedSource.token, `${line(0)}\n`.repeat(Math.ceil((MAX_BODY * 4) / line(0).length))));
    const burst = await send(LIMIT * 10, 16, (i) => write(flooder.token, line(100_000 + i)));
    const steadyStatuses = await steadyRun;

    await waitUntil("steady readings in InfluxDB", async () => (await landedPoints(sensorKey)) >= steadyBatches * 10, 10_000).catch(() => undefined);
    const landed = await landedPoints(sensorKey);
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
      health_after: health,
      web_alive: alive ? 1 : 0,
    };
    const pass =
      counts.malformed_400 === MALFORMED && counts.oversized_413 === OVERSIZED && counts.burst_accepted_204 <= LIMIT && counts.burst_limited_429 >= LIMIT * 9 &&
      counts.steady_accepted_204 === steadyBatches && counts.steady_points_landed === steadyBatches * 10 && health === 200 && alive;
    return { drill: "flood the write API (malformed, oversized, 10x burst)", pass, counts, note: `Rate limit ${LIMIT} requests / ${WINDOW_SECONDS} s per source, body limit ${MAX_BODY / 1024} KiB for the drill.` };
  } finally {
    await web.stop();
  }
}

async function landedPoints(sensorKey: string): Promise<number> {
  const result = await influx().query(`SELECT count("value") FROM "reading" WHERE "sensor" = '${sensorKey}'`);
  return Number(result.results?.[0]?.series?.[0]?.values?.[0]?.[1] ?? 0);
}
