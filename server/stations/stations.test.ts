import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser } from "@/tests/support/users";
import { createCaller } from "../api/root";
import type { SessionUser } from "../auth/session";
import { db } from "../db";
import { influx } from "../influx/influx-client";
import { runSensorImport } from "../imports/run-sensor-import";
import { importLoggerFile } from "./import-logger-file";

const file = (name: string) => ({ fileName: name, contentBase64: readFileSync(path.join(__dirname, "../../tests/fixtures/loggers", name)).toString("base64") });

async function countPoints(sensor: string): Promise<number> {
  const result = await influx().query(
    `SELECT count("value") FROM "reading" WHERE "sensor" = '${sensor}' AND time >= '2025-01-01T00:00:00Z' AND time < '2025-02-01T00:00:00Z'`,
  );
  return (result.results?.[0]?.series?.[0]?.values[0]?.[1] as number | undefined) ?? 0;
}

describe("stations, loggers and mapping once per logger", () => {
  let operator: SessionUser;
  const caller = () => createCaller({ db, user: operator, resHeaders: new Headers() });
  beforeAll(async () => {
    operator = (await createTestUser("OPERATOR")).user;
    await influx().query(`CREATE DATABASE "${influx().database}"`);
  });
  afterAll(() => db.$disconnect());

  it("proposes points from the first file, imports once confirmed, then imports the next file with no question, without duplicates", async () => {
    const name = `Mast ${randomUUID().slice(0, 6)}`;
    const station = await caller().stations.create({ name, type: "mast", latitude: 53.4, longitude: -7.2, elevationM: 212, timeZone: "UTC" });
    expect(station.slug).toBe(name.toLowerCase().replace(" ", "-"));
    await expect(caller().stations.create({ name, type: "mast" })).rejects.toThrow(/already exists/);
    const logger = await caller().stations.createLogger({
      stationId: station.id,
      make: "Campbell",
      model: "CR1000X",
      serial: randomUUID().slice(0, 8),
      timestampsAtEnd: true,
      averagingSeconds: 600,
    });

    const first = await caller().stations.importFile({ loggerId: logger.id, ...file("toa5-mast-north.dat") });
    if (!first.needsMapping) throw new Error("expected a mapping step");
    expect(first.rows).toBe(36);
    const proposed = Object.fromEntries(
      first.columns.map((c) => [c.name, [c.proposal.quantity, c.proposal.heightM, c.proposal.orientation, c.proposal.statistic, c.proposal.unit]]),
    );
    expect(proposed).toMatchObject({
      Spd80mN: ["wind_speed", 80, "N", "avg", "m/s"],
      Spd80mNStd: ["wind_speed", 80, "N", "sd", "m/s"],
      Dir78mS: ["wind_direction", 78, "S", "avg", "Deg"],
      T2m: ["air_temperature", 2, null, "avg", "Deg C"],
      BattMin: ["voltage", null, null, "min", "Volts"],
    });
    expect(await db.sensorImport.count({ where: { loggerId: logger.id } })).toBe(0);

    // The operator confirms every proposal but edits one height and ignores the battery.
    const decisions = first.columns.map((c) =>
      c.name === "BattMin"
        ? { action: "ignore" as const, name: c.name }
        : { action: "map" as const, name: c.name, ...c.proposal, heightM: c.name === "Spd60mN" ? 59.5 : c.proposal.heightM },
    );
    const confirmed = await caller().stations.importFile({ loggerId: logger.id, ...file("toa5-mast-north.dat"), decisions });
    if (confirmed.needsMapping) throw new Error("expected an import");
    expect(confirmed.held).toEqual([]);
    const key = `${station.slug}.Spd80mN`;
    expect((await db.sensorImport.findUniqueOrThrow({ where: { id: confirmed.import.id } })).columnMap).toMatchObject({ Spd80mN: key, BattMin: null });
    expect(await runSensorImport(db, { importId: confirmed.import.id })).toMatchObject({ rows: 36, firstAt: new Date("2025-01-09T00:00:00Z") });
    expect(await countPoints(key)).toBe(36);

    const detail = await caller().stations.get({ id: station.id });
    expect(detail.points).toHaveLength(8);
    expect(detail.points.find((p) => p.name === "Spd60mN")).toMatchObject({
      heightM: 59.5,
      statistic: "avg",
      quantity: "wind_speed",
      sensor: { key: `${station.slug}.Spd60mN` },
    });
    expect(await db.sensor.findUniqueOrThrow({ where: { key } })).toMatchObject({
      infraType: "wind_mast",
      site: name,
      intervalSeconds: 600,
      quantity: "wind_speed",
    });
    expect(detail.loggers[0].columns.find((c) => c.name === "BattMin")?.state).toBe("ignored");

    // The next file of the logger: no question; it overlaps the first by two rows, which stay single.
    const next = await caller().stations.importFile({ loggerId: logger.id, ...file("toa5-mast-north-2.dat") });
    if (next.needsMapping) throw new Error("expected an import without a mapping step");
    await runSensorImport(db, { importId: next.import.id });
    expect(await countPoints(key)).toBe(72);
  });

  it("holds a column never seen before, imports the rest, and imports it from the kept file once mapped", async () => {
    const station = await caller().stations.create({ name: `Held ${randomUUID().slice(0, 6)}`, type: "mast" });
    const logger = await caller().stations.createLogger({ stationId: station.id, make: "Campbell", serial: randomUUID().slice(0, 8) });
    const first = await caller().stations.importFile({ loggerId: logger.id, ...file("toa5-mast-north.dat") });
    if (!first.needsMapping) throw new Error("expected a mapping step");
    await caller().stations.importFile({
      loggerId: logger.id,
      ...file("toa5-mast-north.dat"),
      decisions: first.columns.map((c) => ({ action: "map" as const, name: c.name, ...c.proposal })),
    });

    const added = await caller().stations.importFile({ loggerId: logger.id, ...file("toa5-column-added.dat") });
    if (added.needsMapping) throw new Error("expected an import");
    expect(added.held).toEqual(["Spd40mN"]);
    await runSensorImport(db, { importId: added.import.id });
    const kept = await db.sensorImport.findUniqueOrThrow({ where: { id: added.import.id } });
    expect(kept.heldColumns).toEqual(["Spd40mN"]);
    expect(kept.content).not.toBeNull();
    expect((await caller().stations.get({ id: station.id })).loggers[0].columns.find((c) => c.name === "Spd40mN")).toMatchObject({
      state: "held",
      proposal: { quantity: "wind_speed", heightM: 40 },
    });

    const settled = await caller().stations.decideColumns({
      loggerId: logger.id,
      decisions: [{ action: "map", name: "Spd40mN", quantity: "wind_speed", heightM: 40, orientation: "N", statistic: "avg", unit: "m/s" }],
    });
    expect(settled.requeued).toHaveLength(1);
    await runSensorImport(db, { importId: settled.requeued[0] });
    expect(await countPoints(`${station.slug}.Spd40mN`)).toBe(12);
    expect(await db.sensorImport.findUniqueOrThrow({ where: { id: added.import.id } })).toMatchObject({ heldColumns: [], content: null });
  });

  it("maps every column as proposed for a source whose policy registers, with no question asked", async () => {
    const station = await caller().stations.create({ name: `Auto ${randomUUID().slice(0, 6)}`, type: "mast" });
    const logger = await caller().stations.createLogger({ stationId: station.id, make: "NRG", model: "SymphoniePRO", serial: randomUUID().slice(0, 8) });
    const result = await importLoggerFile(db, { loggerId: logger.id, ...file("nrg-symphoniepro.txt"), unknownColumns: "register" });
    if (result.needsMapping) throw new Error("expected an import");
    await runSensorImport(db, { importId: result.import.id });
    const points = await db.measurementPoint.findMany({ where: { stationId: station.id }, orderBy: { name: "asc" } });
    expect(points.map((p) => [p.quantity, p.heightM, p.statistic])).toContainEqual(["wind_speed", 80, "sd"]);
    expect(points).toHaveLength(6);
    expect(await countPoints(`${station.slug}.Ch13_Vane_78.00m_S_Avg_deg`)).toBe(17);
  });

  it("refuses what it cannot take", async () => {
    await expect(caller().stations.createLogger({ stationId: "nope", make: "x", serial: "1" })).rejects.toThrow(/Station not found/);
    await expect(caller().stations.create({ name: "x", type: "volcano" as never })).rejects.toThrow();
    await expect(caller().stations.create({ name: "y", type: "mast", latitude: 91 })).rejects.toThrow();
    await expect(caller().stations.create({ name: "z", type: "mast", timeZone: "Mars/Olympus" })).rejects.toThrow(/time zone/);
    await expect(caller().stations.importFile({ loggerId: "nope", ...file("toa5-mast-north.dat") })).rejects.toThrow(/Logger not found/);
  });
});
