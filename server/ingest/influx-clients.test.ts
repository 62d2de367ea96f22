import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { InfluxDB as InfluxV2, Point } from "@influxdata/influxdb-client";
import { InfluxDB as NodeInflux } from "influx";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { influx } from "../influx/influx-client";
import { answerInfluxHealth, answerInfluxPing } from "./answer-influx-ping";
import { createInfluxQueryHandler } from "./create-influx-query-handler";
import { createInfluxWriteHandler } from "./create-influx-write-handler";
import { createIngestSource } from "./create-ingest-source";

const run = randomUUID().slice(0, 8);
const limits = { requests: 1_000, windowSeconds: 60, keyPrefix: `test-clients-${run}` };
const routes: Record<string, (request: Request) => Response | Promise<Response>> = {
  "/ping": answerInfluxPing,
  "/health": answerInfluxHealth,
  "/query": createInfluxQueryHandler(),
  "/write": createInfluxWriteHandler({ api: "v1", rateLimit: limits }),
  "/api/v2/write": createInfluxWriteHandler({ api: "v2", rateLimit: limits }),
};

// A real HTTP server in front of the same fetch handlers the Next.js routes export, so the clients talk HTTP.
function serve(): Promise<Server> {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const handler = routes[url.pathname];
    if (!handler) return void res.writeHead(404).end();
    const body = req.method === "GET" || req.method === "HEAD" ? undefined : (Readable.toWeb(req) as ReadableStream);
    const request = new Request(url, { method: req.method, headers: req.headers as Record<string, string>, body, duplex: "half" } as RequestInit);
    const response = await handler(request);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

describe("InfluxDB client libraries against the write API", () => {
  let server: Server;
  let url: string;
  let token: string;
  const key = `clients-${run}`;
  beforeAll(async () => {
    await influx().query(`CREATE DATABASE "${influx().database}"`);
    token = (await createIngestSource(db, { name: `clients-${run}`, unknownSensors: "register" })).token;
    server = await serve();
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.close();
    await db.$disconnect();
  });

  it("node-influx sees the server online, creates its database as a no-op and writes", async () => {
    const client = new NodeInflux({ host: "127.0.0.1", port: Number(new URL(url).port), database: "telegraf", username: "logger", password: token });
    const [host] = await client.ping(2_000);
    expect(host.online).toBe(true);
    expect(host.version).toBe("1.8.10");
    await client.createDatabase("telegraf");
    expect(await client.getDatabaseNames()).toEqual(["gristmill"]);
    await client.writePoints([{ measurement: key, fields: { value: 4.5 }, timestamp: new Date("2026-01-01T00:00:00Z") }]);
    expect(await db.sensor.findUnique({ where: { key: `${key}.value` } })).toMatchObject({ state: "pending" });
    await expect(client.query("SELECT * FROM reading")).rejects.toThrow(/only CREATE DATABASE and SHOW DATABASES/);
    const stranger = new NodeInflux({ host: "127.0.0.1", port: Number(new URL(url).port), database: "telegraf", username: "x", password: "not-a-token" });
    await expect(stranger.getDatabaseNames()).rejects.toThrow(/authorization failed/);
  });

  it("the official v2 client writes, and /ping and /health answer as InfluxDB's", async () => {
    const client = new InfluxV2({ url, token, timeout: 5_000 });
    const write = client.getWriteApi("any-org", "any-bucket", "ms");
    write.writePoint(new Point(key).floatField("gust", 9.25).timestamp(new Date("2026-01-01T00:10:00Z")));
    await write.close();
    expect(await db.sensor.findUnique({ where: { key: `${key}.gust` } })).not.toBeNull();
    const ping = await fetch(`${url}/ping`);
    expect([ping.status, ping.headers.get("x-influxdb-version")]).toEqual([204, "1.8.10"]);
    const health = await client.transport.request("/health", null, { method: "GET" });
    expect(health).toMatchObject({ name: "influxdb", status: "pass" });
  });

  it("refuses hostile /query input", async () => {
    const q = (query: string) => fetch(`${url}/query?p=${token}&q=${encodeURIComponent(query)}`).then(async (r) => [r.status, await r.json()]);
    expect(await q("SHOW DATABASES; DROP DATABASE x")).toEqual([400, { error: expect.stringContaining("only CREATE DATABASE") }]);
    expect(await q(`CREATE DATABASE "a"; SELECT 1`)).toEqual([400, expect.anything()]);
    const big = await fetch(`${url}/query?p=${token}`, { method: "POST", body: new URLSearchParams({ q: "x".repeat(20_000) }) });
    expect([big.status, await big.json()]).toEqual([413, { error: "query too large" }]);
    expect(await q(`CREATE DATABASE "we\\"ird"`)).toEqual([200, { results: [{ statement_id: 0 }] }]);
  });
});
