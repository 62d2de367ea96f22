import { randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { influx } from "../influx/influx-client";
import { createInfluxWriteHandler } from "./create-influx-write-handler";
import { createIngestSource } from "./create-ingest-source";
import { revokeIngestSource } from "./revoke-ingest-source";

const run = randomUUID().slice(0, 8);
const key = (name: string) => `t-${run}-${name}`;
const limits = { requests: 1_000, windowSeconds: 60, keyPrefix: `test-ingest-${run}` };
const v1 = createInfluxWriteHandler({ api: "v1", maxBodyBytes: 64 * 1024, rateLimit: limits });
const v2 = createInfluxWriteHandler({ api: "v2", maxBodyBytes: 64 * 1024, rateLimit: limits });

let refusing: { id: string; token: string };
let registering: { id: string; token: string };

function post(path: string, body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}): Request {
  return new Request(`http://gristmill.test${path}`, { method: "POST", body, headers });
}

async function readings(sensor: string): Promise<Array<{ time: number; value: number; tags: Record<string, string> }>> {
  const result = await influx().query(`SELECT "value", "quantity", "site", "region", "infra_type" FROM "reading" WHERE "sensor" = '${sensor}' ORDER BY time`);
  const series = result.results?.[0]?.series?.[0];
  if (!series) return [];
  return series.values.map((row) => {
    const cell = (name: string) => row[series.columns.indexOf(name)];
    return {
      time: cell("time") as number,
      value: cell("value") as number,
      tags: { quantity: cell("quantity"), site: cell("site"), region: cell("region"), infra_type: cell("infra_type") } as Record<string, string>,
    };
  });
}

async function createSensor(name: string) {
  return db.sensor.create({ data: { key: key(name), name, quantity: "wind_speed", unit: "m/s", infraType: "wind_mast", region: "north", site: "mast-7" } });
}

describe("InfluxDB-compatible write API", () => {
  beforeAll(async () => {
    await influx().query(`CREATE DATABASE "${influx().database}"`);
    const a = await createIngestSource(db, { name: `refuse-${run}`, unknownSensors: "refuse" });
    const b = await createIngestSource(db, { name: `register-${run}`, unknownSensors: "register" });
    refusing = { id: a.source.id, token: a.token };
    registering = { id: b.source.id, token: b.token };
    await createSensor("ws1");
  });
  afterAll(() => db.$disconnect());

  it("writes a 2.x batch in the standard shape, then records last readings, last use and one audit row", async () => {
    const t0 = Date.UTC(2026, 0, 1);
    const body = `wind,sensor=${key("ws1")},ignored=x value=4.5 ${t0}\n# comment\n\nwind,sensor=${key("ws1")} value=6i ${t0 + 1000}\n`;
    const res = await v2(post("/api/v2/write?bucket=b&org=o&precision=ms", body, { authorization: `Token ${refusing.token}` }));
    expect(res.status).toBe(204);
    expect(await readings(key("ws1"))).toEqual([
      { time: t0, value: 4.5, tags: { quantity: "wind_speed", site: "mast-7", region: "north", infra_type: "wind_mast" } },
      { time: t0 + 1000, value: 6, tags: { quantity: "wind_speed", site: "mast-7", region: "north", infra_type: "wind_mast" } },
    ]);
    const sensor = await db.sensor.findUniqueOrThrow({ where: { key: key("ws1") } });
    expect(sensor).toMatchObject({ lastReadingAt: new Date(t0 + 1000), lastValue: 6 });
    expect((await db.ingestSource.findUniqueOrThrow({ where: { id: refusing.id } })).lastUsedAt).not.toBeNull();
    const audit = await db.auditEvent.findMany({ where: { action: "ingest.write", targetId: refusing.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorEmail: `ingest-source:refuse-${run}`, after: { points: 2, sensors: 1, sensorKeys: [key("ws1")] } });
    expect(JSON.stringify(audit, (_, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain(refusing.token);
  });

  it("takes the 1.x password as the p parameter or in Basic auth, in seconds precision", async () => {
    const t = Date.UTC(2026, 0, 2) / 1000;
    expect((await v1(post(`/write?db=x&precision=s&u=any&p=${refusing.token}`, `w,sensor=${key("ws1")} value=1 ${t}`))).status).toBe(204);
    const basic = Buffer.from(`telegraf:${refusing.token}`).toString("base64");
    expect((await v1(post("/write?db=x&precision=s", `w,sensor=${key("ws1")} value=2 ${t + 1}`, { authorization: `Basic ${basic}` }))).status).toBe(204);
    expect((await readings(key("ws1"))).filter((r) => r.time >= t * 1000).map((r) => r.value)).toEqual([1, 2]);
  });

  it("accepts gzip bodies", async () => {
    const t = Date.UTC(2026, 0, 3);
    const lines = Array.from({ length: 500 }, (_, i) => `w,sensor=${key("ws1")} value=${i} ${t + i}`).join("\n");
    const res = await v2(
      post("/api/v2/write?bucket=b&precision=ms", new Uint8Array(gzipSync(lines)), { authorization: `Token ${refusing.token}`, "content-encoding": "gzip" }),
    );
    expect(res.status).toBe(204);
    expect((await readings(key("ws1"))).filter((r) => r.time >= t)).toHaveLength(500);
  });

  it("answers 413 for a body over the limit, on the wire or after inflation (gzip bomb), and writes nothing", async () => {
    const t = Date.UTC(2026, 0, 4);
    const big = Array.from({ length: 5_000 }, (_, i) => `w,sensor=${key("ws1")} value=${i} ${t + i}`).join("\n");
    expect(big.length).toBeGreaterThan(64 * 1024);
    const plain = await v2(post("/api/v2/write?bucket=b&precision=ms", big, { authorization: `Token ${refusing.token}` }));
    expect(plain.status).toBe(413);
    expect(await plain.json()).toMatchObject({ code: "request too large" });
    const bomb = new Uint8Array(gzipSync(big + "\n" + "#".repeat(10_000_000)));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const inflated = await v1(post("/write?db=x&precision=ms", bomb, { authorization: `Token ${refusing.token}`, "content-encoding": "gzip" }));
    expect(inflated.status).toBe(413);
    expect(await inflated.json()).toEqual({ error: expect.stringContaining("larger than") });
    expect((await readings(key("ws1"))).filter((r) => r.time >= t)).toEqual([]);
  });

  it("answers 401 without a token, with a wrong one, and with a revoked one", async () => {
    const body = `w,sensor=${key("ws1")} value=1`;
    expect((await v2(post("/api/v2/write?bucket=b", body))).status).toBe(401);
    expect((await v2(post("/api/v2/write?bucket=b", body, { authorization: "Token gm_not-a-token" }))).status).toBe(401);
    const doomed = await createIngestSource(db, { name: `doomed-${run}` });
    expect(
      (
        await v2(
          post("/api/v2/write?bucket=b&precision=ms", `w,sensor=${key("ws1")} value=1 ${Date.UTC(2026, 0, 5)}`, { authorization: `Token ${doomed.token}` }),
        )
      ).status,
    ).toBe(204);
    await revokeIngestSource(db, { id: doomed.source.id });
    const res = await v2(post("/api/v2/write?bucket=b", body, { authorization: `Token ${doomed.token}` }));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ code: "unauthorized", message: "unauthorized access" });
    expect((await v1(post(`/write?db=x&p=${doomed.token}`, body))).status).toBe(401);
  });

  it("refuses a batch with a malformed line, naming the line, and writes none of it", async () => {
    const t = Date.UTC(2026, 0, 6);
    const body = [`w,sensor=${key("ws1")} value=1 ${t}`, `w,sensor=${key("ws1")} value=2 ${t + 1}`, `w,sensor=${key("ws1")} value=oops ${t + 2}`].join("\n");
    const res = await v2(post("/api/v2/write?bucket=b&precision=ms", body, { authorization: `Token ${refusing.token}` }));
    expect(res.status).toBe(400);
    const answer = await res.json();
    expect(answer.code).toBe("invalid");
    expect(answer.message).toContain("line 3");
    const v1Answer = await v1(post("/write?db=x&precision=ms", body, { authorization: `Token ${refusing.token}` }));
    expect(v1Answer.status).toBe(400);
    expect((await v1Answer.json()).error).toContain("line 3");
    expect((await readings(key("ws1"))).filter((r) => r.time >= t)).toEqual([]);
  });

  it("refuses a gzipped 200,000-digit value in well under a second with a 400 naming the line (it held the process a minute)", async () => {
    const t = Date.UTC(2026, 0, 6, 12);
    const roomy = createInfluxWriteHandler({ api: "v2", rateLimit: limits });
    const body = `w,sensor=${key("ws1")} value=1 ${t}\nw,sensor=${key("ws1")} value=${"1".repeat(200_000)}x ${t + 1}`;
    const gzipped = new Uint8Array(gzipSync(body));
    expect(gzipped.length).toBeLessThan(2_000);
    const started = performance.now();
    const res = await roomy(post("/api/v2/write?bucket=b&precision=ms", gzipped, { authorization: `Token ${refusing.token}`, "content-encoding": "gzip" }));
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(/^unable to parse line 2 .*: value of field "value" is longer than 65536 characters$/);
    expect((await readings(key("ws1"))).filter((r) => r.time >= t && r.time < t + 10)).toEqual([]);
  });

  it("refuses unknown sensors for a refusing source, naming them, and writes nothing", async () => {
    const t = Date.UTC(2026, 0, 7);
    const body = `w,sensor=${key("ws1")} value=1 ${t}\nw,sensor=${key("ghost")} value=2 ${t}\ncpu usage=3 ${t}`;
    const res = await v2(post("/api/v2/write?bucket=b&precision=ms", body, { authorization: `Token ${refusing.token}` }));
    expect(res.status).toBe(400);
    const { message } = await res.json();
    expect(message).toContain(key("ghost"));
    expect(message).toContain("cpu.usage");
    expect(await db.sensor.count({ where: { key: key("ghost") } })).toBe(0);
    expect((await readings(key("ws1"))).filter((r) => r.time >= t)).toEqual([]);
  });

  it("registers unknown sensors as pending for a registering source", async () => {
    const t = Date.UTC(2026, 0, 8);
    const body = `w,sensor=${key("new")} value=7.5 ${t}\nw,sensor=${key("new")} value=8 ${t + 60_000}`;
    const res = await v2(post("/api/v2/write?bucket=b&precision=ms", body, { authorization: `Token ${registering.token}` }));
    expect(res.status).toBe(204);
    expect(await db.sensor.findUniqueOrThrow({ where: { key: key("new") } })).toMatchObject({
      state: "pending",
      quantity: "unknown",
      lastValue: 8,
      lastReadingAt: new Date(t + 60_000),
    });
    expect((await readings(key("new"))).map((r) => [r.value, r.tags.quantity])).toEqual([
      [7.5, "unknown"],
      [8, "unknown"],
    ]);
  });

  it("refuses a precision the API does not know and a missing database or bucket", async () => {
    const auth = { authorization: `Token ${refusing.token}` };
    expect((await v2(post("/api/v2/write?bucket=b&precision=h", "w v=1", auth))).status).toBe(400);
    expect((await v1(post("/write?precision=s", "w v=1", auth))).status).toBe(400);
  });

  it("answers 429 with Retry-After once a source exceeds its rate", async () => {
    const limited = createInfluxWriteHandler({ api: "v2", rateLimit: { requests: 2, windowSeconds: 60, keyPrefix: `test-ingest-rl-${run}` } });
    const send = () =>
      limited(
        post(`/api/v2/write?bucket=b&precision=ms`, `w,sensor=${key("ws1")} value=1 ${Date.UTC(2026, 0, 9)}`, { authorization: `Token ${refusing.token}` }),
      );
    expect((await send()).status).toBe(204);
    expect((await send()).status).toBe(204);
    const third = await send();
    expect(third.status).toBe(429);
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
