import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser } from "@/tests/support/users";
import { POST } from "@/app/api/imports/route";
import { GET } from "@/app/api/imports/[id]/route";
import { SESSION_COOKIE } from "../auth/session";
import { db } from "../db";
import { env } from "../env";
import { influx } from "../influx/influx-client";
import { createIngestSource } from "../ingest/create-ingest-source";
import { revokeIngestSource } from "../ingest/revoke-ingest-source";
import { runSensorImport } from "../imports/run-sensor-import";
import { createLogger } from "./create-logger";
import { createStation } from "./create-station";
import { importLoggerFile } from "./import-logger-file";
import { settleLoggerColumns } from "./settle-logger-columns";

const fixture = (name: string) => readFileSync(path.join(__dirname, "../../tests/fixtures/loggers", name));
const url = (query: string) => `http://127.0.0.1/api/imports?${query}`;
const upload = (query: string, body: BodyInit | null, headers: Record<string, string>) =>
  POST(new Request(url(query), { method: "POST", headers, body, duplex: "half" } as RequestInit));
const status = (id: string, headers: Record<string, string>) =>
  GET(new Request(`http://127.0.0.1/api/imports/${id}`, { headers }), { params: Promise.resolve({ id }) });

async function newLogger(serial = randomUUID().slice(0, 8)) {
  const station = await createStation(db, { name: `Upload ${randomUUID().slice(0, 6)}`, type: "mast" });
  const logger = await createLogger(db, { stationId: station.id, make: "Campbell", serial, timestampsAtEnd: true });
  return { station, logger };
}

describe("POST /api/imports and GET /api/imports/<id>", () => {
  let registerToken: string;
  let refuseToken: string;
  let refuseSourceId: string;
  let staffCookie: string;
  let stakeholderCookie: string;
  beforeAll(async () => {
    await influx().query(`CREATE DATABASE "${influx().database}"`);
    registerToken = (await createIngestSource(db, { name: `upload-register-${randomUUID().slice(0, 6)}`, unknownSensors: "register" })).token;
    const refuse = await createIngestSource(db, { name: `upload-refuse-${randomUUID().slice(0, 6)}`, unknownSensors: "refuse" });
    refuseToken = refuse.token;
    refuseSourceId = refuse.source.id;
    staffCookie = `${SESSION_COOKIE}=${(await createTestUser("ENGINEER")).token}`;
    stakeholderCookie = `${SESSION_COOKIE}=${(await createTestUser("STAKEHOLDER")).token}`;
  });
  afterAll(() => db.$disconnect());

  it("imports a register source's first file of a new logger completely, with no question, and reports it by id", async () => {
    const { logger } = await newLogger();
    const res = await upload(`name=north.dat&logger=${logger.serial}`, fixture("toa5-mast-north.dat"), { authorization: `Token ${registerToken}` });
    expect(res.status).toBe(202);
    const body = await res.json();
    expect(body).toMatchObject({ status: "queued", alreadyImported: false, held: [], statusUrl: `/api/imports/${body.id}` });
    await runSensorImport(db, { importId: body.id });
    const seen = await (await status(body.id, { authorization: `Token ${registerToken}` })).json();
    expect(seen).toMatchObject({
      status: "succeeded",
      progress: 100,
      rows: 36,
      points: 36 * 9 - 1 /* one "NAN" cell */,
      firstAt: "2025-01-09T00:00:00.000Z",
      held: [],
    });
    expect(Object.keys(seen.columns)).toContain("Spd80mN");
    expect(await db.measurementPoint.count({ where: { sensor: { key: { in: Object.values(seen.columns) as string[] } } } })).toBe(9);
    // The same bytes again: the same import, nothing queued.
    const again = await (
      await upload(`name=north-copy.dat&logger=${logger.id}`, fixture("toa5-mast-north.dat"), { authorization: `Token ${registerToken}` })
    ).json();
    expect(again).toMatchObject({ id: body.id, alreadyImported: true });
  });

  it("finds the logger from a TOA5 file's own header, and takes a multipart field `file`", async () => {
    const serial = `hdr-${randomUUID().slice(0, 6)}`;
    await newLogger(serial);
    const text = fixture("toa5-mast-north.dat").toString("utf8").replace('"CR1000X","4821"', `"CR1000X","${serial}"`);
    const form = new FormData();
    form.set("file", new File([text], "from-form.dat"));
    const res = await upload("", form, { authorization: `Token ${registerToken}` });
    expect(res.status).toBe(202);
    expect((await db.sensorImport.findUniqueOrThrow({ where: { id: (await res.json()).id } })).fileName).toBe("from-form.dat");
  });

  it("keeps a refuse source's first file as held until someone maps it, then the same import goes ahead", async () => {
    const { logger } = await newLogger();
    const res = await upload(`name=first.dat&logger=${logger.serial}&timeZone=UTC`, fixture("toa5-mast-north.dat"), { authorization: `Token ${refuseToken}` });
    expect(res.status).toBe(202);
    const { id, status: state, held } = await res.json();
    expect(state).toBe("held");
    expect(held).toContain("Spd80mN");
    const seen = await (await status(id, { authorization: `Token ${refuseToken}` })).json();
    expect(seen.held.find((c: { column: string }) => c.column === "Dir78mS")).toMatchObject({
      proposes: { quantity: "wind_direction", heightM: 78, orientation: "S" },
    });
    expect((await db.sensorImport.findUniqueOrThrow({ where: { id } })).sourceId).toBe(refuseSourceId);
    // Another source may not see it; a staff session may.
    expect((await status(id, { authorization: `Token ${registerToken}` })).status).toBe(404);
    expect((await status(id, { cookie: staffCookie })).status).toBe(200);

    const settled = await settleLoggerColumns(db, {
      loggerId: logger.id,
      decisions: [{ action: "map", name: "Spd80mN", quantity: "wind_speed", heightM: 80, orientation: "N", statistic: "avg", unit: "m/s" }],
    });
    expect(settled.requeued).toEqual([id]);
    await runSensorImport(db, { importId: id });
    expect(await (await status(id, { authorization: `Token ${refuseToken}` })).json()).toMatchObject({ status: "succeeded", rows: 36, points: 36 });
  });

  it("lets a held upload go ahead when someone confirms the same logger's columns with a file on the station page", async () => {
    const { logger } = await newLogger();
    const { id } = await (
      await upload(`name=held.dat&logger=${logger.serial}`, fixture("toa5-mast-north.dat"), { authorization: `Token ${refuseToken}` })
    ).json();
    const first = await importLoggerFile(db, {
      loggerId: logger.id,
      fileName: "console.dat",
      contentBase64: fixture("toa5-mast-north.dat").toString("base64"),
    });
    if (!first.needsMapping) throw new Error("expected a mapping step");
    const confirmed = await importLoggerFile(db, {
      loggerId: logger.id,
      fileName: "console.dat",
      contentBase64: fixture("toa5-mast-north.dat").toString("base64"),
      decisions: first.columns.map((c) => ({ action: "map" as const, name: c.name, ...c.proposal })),
    });
    if (confirmed.needsMapping) throw new Error("expected an import");
    // The same bytes: the held import itself is the one queued, not a second copy.
    expect(confirmed.import.id).toBe(id);
    expect(await db.sensorImport.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "queued", heldColumns: [] });
    expect(await db.sensorImport.count({ where: { loggerId: logger.id } })).toBe(1);
  });

  it("accepts a staff session and refuses other roles, no credentials and wrong tokens", async () => {
    const { logger } = await newLogger();
    const file = fixture("csv-duplicates.csv");
    expect((await upload(`name=a.csv&logger=${logger.serial}`, file, {})).status).toBe(401);
    expect((await upload(`name=a.csv&logger=${logger.serial}`, file, { cookie: stakeholderCookie })).status).toBe(403);
    expect((await upload(`name=a.csv&logger=${logger.serial}`, file, { authorization: "Token gm_not-a-token" })).status).toBe(401);
    // A wrong token is refused even with a valid session beside it.
    expect((await upload(`name=a.csv&logger=${logger.serial}`, file, { authorization: "Token gm_not-a-token", cookie: staffCookie })).status).toBe(401);
    const revoked = await createIngestSource(db, { name: `upload-revoked-${randomUUID().slice(0, 6)}` });
    await revokeIngestSource(db, { id: revoked.source.id });
    expect((await upload(`name=a.csv&logger=${logger.serial}`, file, { authorization: `Token ${revoked.token}` })).status).toBe(401);
    expect((await status("anything", {})).status).toBe(401);
    expect((await status("anything", { cookie: stakeholderCookie })).status).toBe(403);
    expect((await status("../../etc", { cookie: staffCookie })).status).toBe(400);
    expect((await status("nope", { cookie: staffCookie })).status).toBe(404);
  });

  it("refuses an oversized body while it streams (413), also chunked and gzip-inflated", async () => {
    const { logger } = await newLogger();
    const max = env().IMPORT_MAX_BYTES;
    const auth = { authorization: `Token ${registerToken}` };
    expect((await upload(`name=big.dat&logger=${logger.serial}`, null, { ...auth, "content-length": String(max + 1) })).status).toBe(413);
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 1 << 20;
        controller.enqueue(new Uint8Array(1 << 20).fill(0x31));
        if (sent > max * 4) controller.close();
      },
    });
    const res = await upload(`name=big.dat&logger=${logger.serial}`, endless, auth);
    expect(res.status).toBe(413);
    expect(sent).toBeLessThan(max + 4 * (1 << 20));
    const bomb = gzipSync(Buffer.alloc(max + 1, 0x31));
    expect((await upload(`name=bomb.dat&logger=${logger.serial}`, bomb, { ...auth, "content-encoding": "gzip" })).status).toBe(413);
    expect(await db.sensorImport.count({ where: { loggerId: logger.id } })).toBe(0);
  });

  it("answers garbage and bad queries with a 400 that says why, storing nothing", async () => {
    const { logger } = await newLogger();
    const auth = { authorization: `Token ${registerToken}` };
    const cases: Array<[string, BodyInit, RegExp]> = [
      [`name=x.dat&logger=${logger.serial}`, new Uint8Array([0xff, 0xfe, 0x00, 0xd8, 0x00, 0x00, 0x01, 0x02, 0x03]), /cannot be imported|empty|column/i],
      [`name=x.dat&logger=${logger.serial}`, "", /empty/i],
      [`name=x.dat&logger=${logger.serial}`, "just one line with no delimiter at all\n", /cannot be imported/i],
      [`logger=${logger.serial}`, "a,b\n", /name/],
      [`name=x.dat&logger=${logger.serial}&timeZone=Mars/Olympus`, "a,b\n", /time zone/i],
      [`name=x.dat&logger=${logger.serial}&drop=table`, "a,b\n", /unrecognized|drop/i],
      [`name=x.dat`, "TIMESTAMP,a\n2025-01-01 00:00:00,1\n", /which logger/i],
    ];
    for (const [query, body, message] of cases) {
      const res = await upload(query, body, auth);
      expect(res.status, query).toBe(400);
      expect((await res.json()).error, query).toMatch(message);
    }
    expect((await upload(`name=x.dat&logger=no-such-logger`, "a,b\n", auth)).status).toBe(404);
    expect((await upload(`name=x.dat&logger=${logger.serial}`, "x", { ...auth, "content-encoding": "br" })).status).toBe(400);
    expect(await db.sensorImport.count({ where: { loggerId: logger.id } })).toBe(0);
  });

  it("limits uploads per source and per user (429 with Retry-After), counting hostile ones too, and stores nothing it refused", async () => {
    const limit = env().IMPORT_RATE_LIMIT_REQUESTS;
    const { logger } = await newLogger();
    const flooder = await createIngestSource(db, { name: `upload-flood-${randomUUID().slice(0, 6)}`, unknownSensors: "register" });
    const bystander = await createIngestSource(db, { name: `upload-calm-${randomUUID().slice(0, 6)}`, unknownSensors: "register" });
    const auth = { authorization: `Token ${flooder.token}` };
    // A burst of hostile uploads: no name, traversal, a NUL, a gzip that is not gzip, a wrong logger: each refused, each counted.
    const hostile = [
      () => upload("", "a,b\n", auth),
      () => upload(`name=${encodeURIComponent("../../etc/passwd")}&logger=${logger.serial}`, "\u0000\u0000", auth),
      () => upload(`name=x.dat&logger=${logger.serial}`, "not gzip", { ...auth, "content-encoding": "gzip" }),
      () => upload(`name=x.dat&logger=${encodeURIComponent("' OR 1=1 --")}`, "a,b\n", auth),
    ];
    const answers: number[] = [];
    for (let i = 0; i < limit; i++) answers.push((await hostile[i % hostile.length]()).status);
    expect(answers.every((s) => s >= 400 && s < 500 && s !== 429)).toBe(true);
    // Over the limit even a good file is refused at once, with when to retry, and nothing is stored.
    const refused = await upload(`name=north.dat&logger=${logger.serial}`, fixture("toa5-mast-north.dat"), auth);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(env().IMPORT_RATE_LIMIT_WINDOW_SECONDS);
    expect((await refused.json()).error).toMatch(/Too many uploads; retry in \d+ s/);
    expect(await db.sensorImport.count({ where: { loggerId: logger.id } })).toBe(0);
    // Another source's good file still goes in.
    const calm = await upload(`name=north.dat&logger=${logger.serial}`, fixture("toa5-mast-north.dat"), { authorization: `Token ${bystander.token}` });
    expect(calm.status).toBe(202);

    // A signed-in user is counted by their own id, apart from any source.
    const staff = `${SESSION_COOKIE}=${(await createTestUser("OPERATOR")).token}`;
    for (let i = 0; i < limit; i++) expect((await upload("", "a,b\n", { cookie: staff })).status).toBe(400);
    expect((await upload("", "a,b\n", { cookie: staff })).status).toBe(429);
    expect((await upload("", "a,b\n", { cookie: staffCookie })).status).toBe(400);
  });
});
