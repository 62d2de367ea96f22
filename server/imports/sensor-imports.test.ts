import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser } from "@/tests/support/users";
import { createCaller } from "../api/root";
import type { SessionUser } from "../auth/session";
import { db } from "../db";
import { influx } from "../influx/influx-client";
import { jobKinds } from "../catalog/job-kinds";
import { runSensorImport } from "./run-sensor-import";

const fixture = (name: string) => readFileSync(path.join(__dirname, "../../tests/fixtures", name)).toString("base64");
const csv = { fileName: "logger-water.csv", contentBase64: fixture("logger-water.csv"), timeZone: "Europe/Berlin" };
const toa5 = { fileName: "campbell-table10.dat", contentBase64: fixture("campbell-table10.dat"), timeZone: "America/New_York" };
const toa5Map = { WS_ms_Avg: "fx-toa5-ws", WindDir: "fx-toa5-wd", AirTC_Avg: "fx-toa5-temp", BattV_Min: null };

async function countPoints(sensor: string, from: string, to: string): Promise<number> {
  const result = await influx().query(`SELECT count("value") FROM "reading" WHERE "sensor" = '${sensor}' AND time >= '${from}' AND time < '${to}'`);
  return (result.results?.[0]?.series?.[0]?.values[0]?.[1] as number | undefined) ?? 0;
}

describe("logger file imports", () => {
  let operator: SessionUser;
  const caller = () => createCaller({ db, user: operator, resHeaders: new Headers() });

  beforeAll(async () => {
    operator = (await createTestUser("OPERATOR")).user;
    await influx().query(`CREATE DATABASE "${influx().database}"`);
    for (const key of ["fx-csv-flow", "fx-csv-pressure", "fx-toa5-ws", "fx-toa5-wd", "fx-toa5-temp"]) {
      await db.sensor.upsert({ where: { key }, update: {}, create: { key, name: key, quantity: "q", unit: "u", infraType: "test", region: "r", site: "s" } });
    }
  });
  afterAll(() => db.$disconnect());

  it("proposes exact key matches for a CSV, imports it in the worker's job, and a re-import changes nothing", async () => {
    const preview = await caller().imports.preview(csv);
    expect(preview).toMatchObject({
      format: "csv",
      rows: 48,
      unmapped: ["pump_state"],
      firstAt: new Date("2026-02-28T23:00:00Z"),
      lastAt: new Date("2026-03-01T22:30:00Z"),
    });
    expect(preview.columns.map((c) => [c.name, c.sensorKey])).toEqual([
      ["fx-csv-flow", "fx-csv-flow"],
      ["fx-csv-pressure", "fx-csv-pressure"],
      ["pump_state", null],
    ]);
    const columnMap = Object.fromEntries(preview.columns.map((c) => [c.name, c.sensorKey]));

    const created = await caller().imports.create({ ...csv, columnMap });
    expect(created.alreadyImported).toBe(false);
    expect(created.import).toMatchObject({ status: "queued", format: "csv" });
    expect(await db.jobRun.findUniqueOrThrow({ where: { id: created.import.runId! } })).toMatchObject({
      kind: "import",
      params: { importId: created.import.id },
    });

    const progress: number[] = [];
    const result = await runSensorImport(db, { importId: created.import.id, onProgress: (p) => void progress.push(p) });
    expect(result).toMatchObject({ rows: 48, points: 94 });
    expect(progress.at(-1)).toBe(100);
    const stored = await db.sensorImport.findUniqueOrThrow({ where: { id: created.import.id } });
    expect(stored).toMatchObject({
      status: "succeeded",
      rows: 48,
      points: 94,
      content: null,
      errors: [],
      firstAt: new Date("2026-02-28T23:00:00Z"),
      lastAt: new Date("2026-03-01T22:30:00Z"),
    });
    const span = ["2026-02-28T00:00:00Z", "2026-03-02T00:00:00Z"] as const;
    expect(await countPoints("fx-csv-flow", ...span)).toBe(47);
    expect(await countPoints("fx-csv-pressure", ...span)).toBe(47);
    expect(await db.sensor.findUniqueOrThrow({ where: { key: "fx-csv-flow" } })).toMatchObject({
      lastReadingAt: new Date("2026-03-01T22:30:00Z"),
      lastValue: 21.75,
    });

    const again = await caller().imports.create({ ...csv, fileName: "renamed.csv", columnMap });
    expect(again).toMatchObject({ alreadyImported: true, import: { id: created.import.id } });
    expect(await db.sensorImport.count({ where: { sha256: stored.sha256 } })).toBe(1);
    expect(await db.jobRun.count({ where: { kind: "import", params: { equals: { importId: created.import.id } } } })).toBe(1);

    // Even written twice, the same file's points overwrite themselves (same sensor tag set and time).
    const copy = await db.sensorImport.create({
      data: { fileName: "copy.csv", sha256: "copy", format: "csv", timeZone: csv.timeZone, columnMap, content: Buffer.from(csv.contentBase64, "base64") },
    });
    expect(await runSensorImport(db, { importId: copy.id })).toMatchObject({ points: 94 });
    expect(await countPoints("fx-csv-flow", ...span)).toBe(47);
    expect(await runSensorImport(db, { importId: created.import.id })).toMatchObject({ alreadyDone: true });
  });

  it("imports a Campbell TOA5 file in its logger's time zone, skipping NAN", async () => {
    const preview = await caller().imports.preview(toa5);
    expect(preview).toMatchObject({ format: "toa5", station: "MastNorth", table: "Table10", rows: 12 });
    expect(preview.columns.map((c) => [c.name, c.unit])).toEqual([
      ["WS_ms_Avg", "meters/second"],
      ["WindDir", "degrees"],
      ["AirTC_Avg", "Deg C"],
      ["BattV_Min", "Volts"],
    ]);
    expect(preview.unmapped).toHaveLength(4);

    const created = await caller().imports.create({ ...toa5, columnMap: toa5Map });
    const result = await jobKinds.import.run(
      { importId: created.import.id },
      { jobId: "t", attempt: 1, log: { info() {}, warn() {}, error() {} }, signal: new AbortController().signal, progress: async () => {} },
    );
    expect(result).toMatchObject({ rows: 12, points: 35, firstAt: new Date("2026-01-01T05:10:00Z"), lastAt: new Date("2026-01-01T07:00:00Z") });
    expect(await countPoints("fx-toa5-temp", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z")).toBe(11);
    expect(await db.sensor.findUniqueOrThrow({ where: { key: "fx-toa5-temp" } })).toMatchObject({
      lastValue: 4.05,
      lastReadingAt: new Date("2026-01-01T07:00:00Z"),
    });
  });

  it("refuses a malformed file with its row and column, before queueing and in the job, writing nothing", async () => {
    const bad = { fileName: "logger-malformed.csv", contentBase64: fixture("logger-malformed.csv"), timeZone: "UTC" };
    const columnMap = { "fx-csv-flow": "fx-csv-flow", "fx-csv-pressure": "fx-csv-pressure", pump_state: null };
    await expect(caller().imports.preview(bad)).rejects.toThrow(/row 6, column "fx-csv-flow": "n\/a" is not a number/);
    await expect(caller().imports.create({ ...bad, columnMap })).rejects.toThrow(/row 6, column "fx-csv-flow"/);
    expect(await db.sensorImport.count({ where: { fileName: bad.fileName } })).toBe(0);

    // A file that reaches the worker anyway (e.g. queued by an older console) fails the same way.
    const queued = await db.sensorImport.create({
      data: { fileName: bad.fileName, sha256: "bad", format: "csv", timeZone: "UTC", columnMap, content: Buffer.from(bad.contentBase64, "base64") },
    });
    await expect(runSensorImport(db, { importId: queued.id })).rejects.toThrow('row 6, column "fx-csv-flow": "n/a" is not a number');
    expect(await db.sensorImport.findUniqueOrThrow({ where: { id: queued.id } })).toMatchObject({
      status: "failed",
      content: null,
      points: 0,
      errors: [{ row: 6, column: "fx-csv-flow" }],
    });
    expect(await countPoints("fx-csv-flow", "2026-03-02T00:00:00Z", "2026-03-03T00:00:00Z")).toBe(0);
  });

  it("refuses mappings to unknown sensors or columns, and unknown time zones", async () => {
    await expect(caller().imports.create({ ...toa5, columnMap: { ...toa5Map, BattV_Min: "no-such-sensor" } })).rejects.toThrow(
      'No sensor with key "no-such-sensor".',
    );
    await expect(caller().imports.create({ ...toa5, columnMap: { Nope: "fx-toa5-ws" } })).rejects.toThrow('The file has no column "Nope".');
    await expect(caller().imports.create({ ...toa5, columnMap: { WS_ms_Avg: "fx-toa5-ws", WindDir: "fx-toa5-ws" } })).rejects.toThrow(/Two columns map/);
    await expect(caller().imports.preview({ ...toa5, timeZone: "Mars/Olympus" })).rejects.toThrow(/IANA/);
    await expect(caller().imports.preview({ ...toa5, contentBase64: "not base64!" })).rejects.toThrow(/base64/);
    await expect(caller().imports.preview({ ...toa5, readOptions: { timeFormat: "x", evil: 1 } as never })).rejects.toThrow(/evil/);
  });

  it("imports a re-saved TOA5 with day-first stamps once the format is given, and keeps the read options and report", async () => {
    const resaved = { fileName: "toa5-resaved.csv", contentBase64: fixture("loggers/toa5-resaved.csv"), timeZone: "UTC" };
    await expect(caller().imports.preview(resaved)).rejects.toThrow(
      /could be read as "dd\/MM\/yyyy HH:mm:ss" or "MM\/dd\/yyyy HH:mm:ss": give the time format/,
    );
    const readOptions = { timeFormat: "dd/MM/yyyy HH:mm:ssZZ", timestampsAtEnd: true };
    const preview = await caller().imports.preview({ ...resaved, readOptions });
    expect(preview).toMatchObject({
      format: "toa5",
      rows: 12,
      firstAt: new Date("2025-01-09T03:00:00Z"),
      report: { timeFormat: "dd/MM/yyyy HH:mm:ssZZ", shiftSeconds: 600 },
    });
    const created = await caller().imports.create({ ...resaved, readOptions, columnMap: { Spd80mN: "fx-toa5-ws" } });
    expect(await runSensorImport(db, { importId: created.import.id })).toMatchObject({ rows: 12, points: 12, firstAt: new Date("2025-01-09T03:00:00Z") });
    expect(await db.sensorImport.findUniqueOrThrow({ where: { id: created.import.id } })).toMatchObject({
      readOptions,
      report: { rows: 12, intervalSeconds: 600 },
    });
    expect(await countPoints("fx-toa5-ws", "2025-01-09T03:00:00Z", "2025-01-09T05:00:00Z")).toBe(12);
    // The same bytes read another way are another import.
    const other = await caller().imports.create({ ...resaved, readOptions: { timeFormat: "dd/MM/yyyy HH:mm:ssZZ" }, columnMap: { Spd80mN: "fx-toa5-ws" } });
    expect(other.alreadyImported).toBe(false);
  });
});
