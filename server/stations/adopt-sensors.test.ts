import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser } from "@/tests/support/users";
import { createCaller } from "../api/root";
import type { SessionUser } from "../auth/session";
import { db } from "../db";
import { influx } from "../influx/influx-client";
import { readSensorReadings } from "../readings/read-sensor-readings";
import { writeReadings } from "../readings/write-readings";
import { setSensorCalibration } from "../sensor-corrections/set-sensor-calibration";
import { buildSimulatedFleet } from "../simulator/build-simulated-fleet";
import { registerSimulatedFleet, SIMULATOR_LOGGER_MAKE } from "../simulator/register-simulated-fleet";
import { adoptSensorsIntoStations } from "./adopt-sensors-into-stations";
import { createStation } from "./create-station";

const FROM = Date.UTC(2025, 2, 1);
const TO = FROM + 6 * 3_600_000;

async function rawCount(key: string): Promise<number> {
  return (await readSensorReadings(db, { sensorKeys: [key], from: FROM, to: TO, raw: true })).get(key)?.length ?? 0;
}

describe("existing sensors and the simulator fleet become stations' measurement points", () => {
  let viewer: SessionUser;
  beforeAll(async () => {
    viewer = (await createTestUser("STAKEHOLDER")).user;
    await influx().query(`CREATE DATABASE "${influx().database}"`);
  });
  afterAll(() => db.$disconnect());

  it("makes one station per site and one point per sensor, keeping keys, calibrations and readings; a second run changes nothing", async () => {
    const tag = randomUUID().slice(0, 8);
    const siteA = `Legacy mast ${tag}`;
    const siteB = `Legacy plant ${tag}`;
    const sensors = [
      { key: `lm-${tag}.wind_speed`, quantity: "wind_speed", unit: "m/s", infraType: "wind_mast", site: siteA },
      { key: `lm-${tag}.air_temperature`, quantity: "air_temperature", unit: "°C", infraType: "wind_mast", site: siteA },
      { key: `lp-${tag}.power_output`, quantity: "power_output", unit: "MW", infraType: "power_plant", site: siteB },
    ];
    for (const s of sensors)
      await db.sensor.create({ data: { ...s, name: s.key, region: `legacy-${tag}`, intervalSeconds: 60, lastReadingAt: new Date(FROM + 60 * 60_000) } });
    // Their history: an hour of minute readings each, and a calibration on the first.
    await writeReadings(influx(), {
      points: sensors.flatMap((s, i) =>
        Array.from({ length: 60 }, (_, m) => ({
          sensorKey: s.key,
          time: FROM + (m + 1) * 60_000,
          value: 10 * i + m / 10,
          quantity: s.quantity,
          infraType: s.infraType,
          region: `legacy-${tag}`,
          site: s.site,
        })),
      ),
    });
    await setSensorCalibration(db, { key: sensors[0].key, slope: 1.02, offset: -0.1, effectiveFrom: new Date(FROM), by: "test" });
    const before = await Promise.all(sensors.map((s) => rawCount(s.key)));
    expect(before).toEqual([60, 60, 60]);
    const calibrated = (await readSensorReadings(db, { sensorKeys: [sensors[0].key], from: FROM, to: TO })).get(sensors[0].key)!;

    const result = await adoptSensorsIntoStations(db, { keys: sensors.map((s) => s.key) });
    expect(result).toEqual({ sensors: 3, stations: 2, createdStations: 2, skippedSites: 0 });

    const stationA = await db.station.findUniqueOrThrow({
      where: { name: siteA },
      include: { points: { include: { sensor: true }, orderBy: { name: "asc" } } },
    });
    expect(stationA.type).toBe("mast");
    expect(stationA.region).toBe(`legacy-${tag}`);
    expect(stationA.points.map((p) => [p.name, p.sensor.key, p.quantity, p.unit, p.statistic])).toEqual([
      ["air_temperature", sensors[1].key, "air_temperature", "°C", "sample"],
      ["wind_speed", sensors[0].key, "wind_speed", "m/s", "sample"],
    ]);
    expect((await db.station.findUniqueOrThrow({ where: { name: siteB } })).type).toBe("plant");

    // Nothing of the sensors moved: same keys, same calibration, the same readings read through them.
    expect(await Promise.all(sensors.map((s) => rawCount(s.key)))).toEqual(before);
    expect(await db.sensorCalibration.count({ where: { sensor: { key: sensors[0].key } } })).toBe(1);
    expect((await readSensorReadings(db, { sensorKeys: [sensors[0].key], from: FROM, to: TO })).get(sensors[0].key)).toEqual(calibrated);

    // The station page shows them as points with their sensor keys, and their recovery counts the old readings.
    const caller = createCaller({ db, user: viewer, resHeaders: new Headers() });
    const detail = await caller.stations.get({ id: stationA.id });
    expect(detail.points.map((p) => p.sensor.key).sort()).toEqual([sensors[0].key, sensors[1].key].sort());
    const recovery = await caller.stations.recovery({ id: stationA.id, days: 1 });
    expect(recovery.points.map((p) => [p.name, p.days[0].count, p.expectedPerDay])).toEqual([
      ["air_temperature", 60, 1440],
      ["wind_speed", 60, 1440],
    ]);

    expect(await adoptSensorsIntoStations(db, { keys: sensors.map((s) => s.key) })).toEqual({ sensors: 0, stations: 0, createdStations: 0, skippedSites: 0 });
    expect(await db.measurementPoint.count({ where: { sensor: { key: { in: sensors.map((s) => s.key) } } } })).toBe(3);
  });

  it("adopts into a station that already has the site's name, without clashing with its points' names", async () => {
    const station = await createStation(db, { name: `Existing ${randomUUID().slice(0, 6)}`, type: "mast" });
    const first = await db.sensor.create({
      data: { key: `${station.slug}.T2m`, name: "T2m", quantity: "air_temperature", unit: "°C", infraType: "wind_mast", region: "default", site: "elsewhere" },
    });
    await db.measurementPoint.create({
      data: { stationId: station.id, sensorId: first.id, name: "T2m", quantity: "air_temperature", statistic: "avg", unit: "°C" },
    });
    const legacy = await db.sensor.create({
      data: {
        key: `old-${station.slug}.T2m`,
        name: "old T2m",
        quantity: "air_temperature",
        unit: "°C",
        infraType: "wind_mast",
        region: "default",
        site: station.name,
      },
    });

    expect(await adoptSensorsIntoStations(db, { keys: [legacy.key] })).toMatchObject({ sensors: 1, createdStations: 0 });
    const points = await db.measurementPoint.findMany({ where: { stationId: station.id }, orderBy: { name: "asc" } });
    expect(points.map((p) => p.name)).toEqual(["T2m", legacy.key]);
  });

  it("registers the simulator's fleet as stations, each with a logger whose columns are its points", async () => {
    const tag = randomUUID().slice(0, 6);
    const fleet = buildSimulatedFleet({ count: 10 }).map((s) => ({ ...s, key: `${tag}-${s.key}`, site: `${s.site} ${tag}` }));
    const sites = [...new Set(fleet.map((s) => s.site))];
    const registered = await registerSimulatedFleet(db, fleet);
    expect(registered).toEqual({ created: 10, stations: sites.length, createdStations: sites.length });

    const stations = await db.station.findMany({
      where: { name: { in: sites } },
      include: { loggers: { include: { columns: { include: { point: { include: { sensor: true } } } } } }, points: true },
    });
    expect(stations).toHaveLength(sites.length);
    expect(stations.reduce((n, s) => n + s.points.length, 0)).toBe(10);
    for (const station of stations) {
      expect(station.loggers).toHaveLength(1);
      const [logger] = station.loggers;
      expect(logger.make).toBe(SIMULATOR_LOGGER_MAKE);
      const sensorsOfSite = fleet.filter((s) => s.site === station.name);
      expect(logger.averagingSeconds).toBe(Math.min(...sensorsOfSite.map((s) => s.intervalSeconds)));
      expect(logger.columns.map((c) => [c.state, c.point!.sensor.key]).sort()).toEqual(sensorsOfSite.map((s) => ["mapped", s.key]).sort());
    }
    // The simulator run again (a restart) registers nothing twice.
    expect(await registerSimulatedFleet(db, fleet)).toEqual({ created: 0, stations: 0, createdStations: 0 });
  });
});
