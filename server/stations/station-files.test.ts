import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser } from "@/tests/support/users";
import { GET as download } from "@/app/api/imports/[id]/file/route";
import { SESSION_COOKIE } from "../auth/session";
import { db } from "../db";
import { influx } from "../influx/influx-client";
import { runSensorImport } from "../imports/run-sensor-import";
import { findRetentionClass, LOGGER_FILES_CLASS } from "../retention/retention-classes";
import { createLogger } from "./create-logger";
import { createStation } from "./create-station";
import { getStation } from "./get-station";
import { importLoggerFile } from "./import-logger-file";
import { replaceFileConflicts } from "./replace-file-conflicts";
import { stationRecovery } from "./station-recovery";

const fixture = (name: string) => readFileSync(path.join(__dirname, "../../tests/fixtures/loggers", name));
const base64 = (bytes: Buffer) => bytes.toString("base64");

async function valueAt(sensor: string, at: string): Promise<number | undefined> {
  const result = await influx().query(`SELECT "value" FROM "reading" WHERE "sensor" = '${sensor}' AND time = '${at}'`);
  return result.results?.[0]?.series?.[0]?.values[0]?.[1] as number | undefined;
}

async function importAndRun(loggerId: string, fileName: string, bytes: Buffer) {
  const result = await importLoggerFile(db, { loggerId, fileName, contentBase64: base64(bytes), unknownColumns: "register" });
  if (result.needsMapping) throw new Error("expected an import");
  await runSensorImport(db, { importId: result.import.id });
  return db.sensorImport.findUniqueOrThrow({ where: { id: result.import.id } });
}

describe("a station's files: originals, cross-file conflicts, recovery per day", () => {
  let cookie: string;
  beforeAll(async () => {
    await influx().query(`CREATE DATABASE "${influx().database}"`);
    cookie = `${SESSION_COOKIE}=${(await createTestUser("OPERATOR")).token}`;
  });
  afterAll(() => db.$disconnect());

  it("keeps each original for download, reports a later file's differing values (earlier kept) until the operator lets it win, and shows recovery %", async () => {
    const station = await createStation(db, { name: `Files ${randomUUID().slice(0, 6)}`, type: "mast" });
    const logger = await createLogger(db, { stationId: station.id, make: "Campbell", serial: randomUUID().slice(0, 8), timestampsAtEnd: true });
    const first = await importAndRun(logger.id, "north-1.dat", fixture("toa5-mast-north.dat"));
    const key = `${station.slug}.Spd80mN`;

    // The original, byte for byte, with its name; the station lists its retention.
    const res = await download(new Request(`http://127.0.0.1/api/imports/${first.id}/file`, { headers: { cookie } }), {
      params: Promise.resolve({ id: first.id }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain('filename="north-1.dat"');
    expect(Buffer.from(await res.arrayBuffer()).equals(fixture("toa5-mast-north.dat"))).toBe(true);
    const detail = await getStation(db, { id: station.id });
    expect(detail.fileRetention).toEqual({ dataClass: LOGGER_FILES_CLASS, days: 3650 });
    expect(detail.loggers[0].imports[0].originalBytes).toBe(fixture("toa5-mast-north.dat").length);

    // The next file repeats 05:50 (stored 05:40 after the end-of-period shift) with another wind speed.
    const changed = Buffer.from(fixture("toa5-mast-north-2.dat").toString("utf8").replace('"2025-01-09 05:50:00",34,4.00,', '"2025-01-09 05:50:00",34,9.99,'));
    const second = await importAndRun(logger.id, "north-2.dat", changed);
    expect(second.report).toMatchObject({
      crossFileConflicts: { count: 1, replaced: false, samples: [{ sensorKey: key, at: Date.parse("2025-01-09T05:40:00Z"), stored: 4, offered: 9.99 }] },
    });
    expect(await valueAt(key, "2025-01-09T05:40:00Z")).toBe(4);
    // Identical repeats are no conflict: the row at 06:00 is the same in both files.
    expect(await valueAt(key, "2025-01-09T05:50:00Z")).toBe(4.1);

    const replaced = await replaceFileConflicts(db, { importId: second.id });
    await runSensorImport(db, { importId: replaced.import.id });
    expect(await valueAt(key, "2025-01-09T05:40:00Z")).toBe(9.99);
    expect((await db.sensorImport.findUniqueOrThrow({ where: { id: replaced.import.id } })).report).toMatchObject({
      crossFileConflicts: { count: 1, replaced: true },
    });
    await expect(replaceFileConflicts(db, { importId: first.id })).rejects.toThrow(/no conflicting values/);

    // 10-minute averages: 144 records a day. The two files cover 00:00-… of 2025-01-09.
    const recovery = await stationRecovery(db, { id: station.id, days: 3 });
    expect(recovery.days).toEqual(["2025-01-07", "2025-01-08", "2025-01-09"]);
    const rows = await influx().query(`SELECT count("value") FROM "reading" WHERE "sensor" = '${key}'`);
    const stored = rows.results?.[0]?.series?.[0]?.values[0]?.[1] as number;
    const speed = recovery.points.find((p) => p.name === "Spd80mN")!;
    expect(speed).toMatchObject({
      expectedPerDay: 144,
      days: [
        { count: 0, percent: 0 },
        { count: 0, percent: 0 },
        { count: stored, percent: Math.round((stored / 144) * 1000) / 10 },
      ],
    });
    expect(speed.percent).toBe(Math.round((stored / 432) * 1000) / 10);
    // T2m has one "NAN" in the first file: one record fewer.
    expect(recovery.points.find((p) => p.name === "T2m")!.days[2].count).toBe(stored - 1);

    // The logger files class expires originals; the rows of the ledger stay.
    await findRetentionClass(LOGGER_FILES_CLASS)!.purgeBatch(db, new Date(Date.now() + 60_000), 10_000);
    const gone = await download(new Request(`http://127.0.0.1/api/imports/${first.id}/file`, { headers: { cookie } }), {
      params: Promise.resolve({ id: first.id }),
    });
    expect(gone.status).toBe(404);
    expect(await db.sensorImport.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({ status: "succeeded", rows: 36, original: null });
  });
});
