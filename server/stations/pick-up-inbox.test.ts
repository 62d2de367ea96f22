import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { influx } from "../influx/influx-client";
import { runSensorImport } from "../imports/run-sensor-import";
import { createLogger } from "./create-logger";
import { createStation } from "./create-station";
import { pickUpInbox } from "./pick-up-inbox";

const fixture = (name: string) => readFileSync(path.join(__dirname, "../../tests/fixtures/loggers", name));
const old = (file: string) => utimesSync(file, new Date(Date.now() - 600_000), new Date(Date.now() - 600_000));

describe("inbox folder pickup", () => {
  let inbox: string;
  beforeAll(async () => {
    await influx().query(`CREATE DATABASE "${influx().database}"`);
    inbox = mkdtempSync(path.join(os.tmpdir(), "gm-inbox-"));
  });
  afterAll(async () => {
    rmSync(inbox, { recursive: true, force: true });
    await db.$disconnect();
  });

  it("imports settled files of a logger's folder once, moves them to archive, leaves files still being written, and refuses garbage aside", async () => {
    const station = await createStation(db, { name: `Inbox ${randomUUID().slice(0, 6)}`, type: "mast" });
    const logger = await createLogger(db, { stationId: station.id, make: "Campbell", serial: `inbox-${randomUUID().slice(0, 6)}`, timestampsAtEnd: true });
    const folder = path.join(inbox, logger.serial);
    mkdirSync(folder);
    writeFileSync(path.join(folder, "north-1.dat"), fixture("toa5-mast-north.dat"));
    writeFileSync(path.join(folder, "broken.dat"), Buffer.from([0x00, 0x01, 0x02, 0xff, 0x0a]));
    writeFileSync(path.join(folder, "north-2.dat.part"), fixture("toa5-mast-north-2.dat"));
    old(path.join(folder, "north-1.dat"));
    old(path.join(folder, "broken.dat"));
    old(path.join(folder, "north-2.dat.part"));
    writeFileSync(path.join(folder, "being-written.dat"), fixture("toa5-mast-north-2.dat"));

    const first = await pickUpInbox(db, { dir: inbox, holderId: "test", unknownColumns: "register" });
    expect(first.imported).toEqual([expect.objectContaining({ logger: logger.serial, file: "north-1.dat", status: "queued", alreadyImported: false })]);
    expect(first.failed).toEqual([expect.objectContaining({ file: "broken.dat", error: expect.stringMatching(/cannot be imported|column/i) })]);
    expect(first.waiting).toBe(1);
    const day = new Date().toISOString().slice(0, 10);
    expect(readdirSync(path.join(folder, "archive", day))).toEqual(["north-1.dat"]);
    expect(readdirSync(path.join(folder, "failed")).sort()).toEqual(["broken.dat", "broken.dat.error.txt"]);
    expect(readdirSync(folder).sort()).toEqual(["archive", "being-written.dat", "failed", "north-2.dat.part"]);
    await runSensorImport(db, { importId: first.imported[0].importId });
    expect(await db.sensorImport.findUniqueOrThrow({ where: { id: first.imported[0].importId } })).toMatchObject({
      status: "succeeded",
      rows: 36,
      loggerId: logger.id,
      createdBy: "inbox",
    });

    // A worker that died after recording the import but before moving the file: the next round only moves it.
    writeFileSync(path.join(folder, "north-1-again.dat"), fixture("toa5-mast-north.dat"));
    old(path.join(folder, "north-1-again.dat"));
    const again = await pickUpInbox(db, { dir: inbox, holderId: "test", unknownColumns: "register" });
    expect(again.imported).toEqual([expect.objectContaining({ file: "north-1-again.dat", importId: first.imported[0].importId, alreadyImported: true })]);
    expect(await db.sensorImport.count({ where: { loggerId: logger.id } })).toBe(1);
    expect(existsSync(path.join(folder, "north-1-again.dat"))).toBe(false);
  });

  it("holds a new logger's columns for a person when the inbox does not register them", async () => {
    const station = await createStation(db, { name: `Inbox held ${randomUUID().slice(0, 6)}`, type: "mast" });
    const logger = await createLogger(db, { stationId: station.id, make: "Campbell", serial: `held-${randomUUID().slice(0, 6)}` });
    mkdirSync(path.join(inbox, logger.serial));
    writeFileSync(path.join(inbox, logger.serial, "first.dat"), fixture("toa5-mast-north.dat"));
    const round = await pickUpInbox(db, { dir: inbox, holderId: "test", settleSeconds: 0, unknownColumns: "refuse" });
    expect(round.imported.find((i) => i.logger === logger.serial)).toMatchObject({ status: "held" });
    expect(await db.loggerColumn.count({ where: { loggerId: logger.id, state: "held" } })).toBe(9);
  });

  it("lets one worker pick up at a time", async () => {
    const [a, b] = await Promise.all([pickUpInbox(db, { dir: inbox, holderId: "a" }), pickUpInbox(db, { dir: inbox, holderId: "b" })]);
    expect([a.skipped, b.skipped].filter(Boolean)).toHaveLength(1);
  });
});
