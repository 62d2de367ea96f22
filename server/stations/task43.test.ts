import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser } from "@/tests/support/users";
import { createCaller } from "../api/root";
import type { SessionUser } from "../auth/session";
import { db } from "../db";
import { createLogger } from "./create-logger";
import { createStation } from "./create-station";
import { decideLoggerColumns } from "./decide-logger-columns";
import { setPointConfig } from "./set-point-config";
import { task43Document, type Task43Document } from "./task43-schema";

/** What legitimately differs between two stations' exports: names, the day, when loggers and points were made. */
function comparable(doc: Task43Document) {
  const copy = structuredClone(doc);
  copy.date = "";
  for (const ml of copy.measurement_location) {
    ml.name = "";
    for (const l of ml.logger_main_config) l.date_from = "";
    for (const p of ml.measurement_point) for (const c of p.logger_measurement_config) if (c.slope == null) c.date_from = "";
  }
  return copy;
}

async function mastWithHistory(name: string) {
  const station = await createStation(db, { name, type: "mast", latitude: 53.41, longitude: -7.23, elevationM: 212, timeZone: "UTC", region: "midlands" });
  const logger = await createLogger(db, {
    stationId: station.id,
    make: "Campbell",
    model: "CR1000X",
    serial: randomUUID().slice(0, 8),
    averagingSeconds: 600,
    timestampsAtEnd: true,
  });
  await decideLoggerColumns(db, {
    loggerId: logger.id,
    decisions: [
      { action: "map", name: "Spd80mN", quantity: "wind_speed", heightM: 80, orientation: "N", statistic: "avg", unit: "m/s" },
      { action: "map", name: "Spd80mNStd", quantity: "wind_speed", heightM: 80, orientation: "N", statistic: "sd", unit: "m/s" },
      { action: "map", name: "T2m", quantity: "air_temperature", heightM: 2, statistic: "avg", unit: "°C" },
      // Outside Task 43's lists: a quantity, a unit and a statistic it has no name for.
      { action: "map", name: "Flow", quantity: "flow", statistic: "sample", unit: "m³/h" },
    ],
  });
  const points = Object.fromEntries((await db.measurementPoint.findMany({ where: { stationId: station.id } })).map((p) => [p.name, p]));
  await setPointConfig(db, {
    pointId: points.Spd80mN.id,
    dateFrom: new Date("2024-06-01T00:00:00Z"),
    heightM: 80,
    orientation: "N",
    sensorSerial: "TC-1001",
    loggerSlope: 0.765,
    loggerOffset: 0.35,
    calibrationSlope: 0.7581,
    calibrationOffset: 0.3112,
    calibrationDate: new Date("2024-05-20T00:00:00Z"),
    certificate: "DEWI-2024-0042",
    by: "test",
  });
  await setPointConfig(db, {
    pointId: points.Spd80mN.id,
    dateFrom: new Date("2025-01-01T00:00:00Z"),
    heightM: 79,
    orientation: "NE",
    sensorSerial: "TC-2002",
    loggerSlope: 1,
    loggerOffset: 0,
    calibrationSlope: 1.01,
    calibrationOffset: -0.02,
    certificate: "DEWI-2024-0911",
    by: "test",
  });
  await setPointConfig(db, {
    pointId: points.T2m.id,
    dateFrom: new Date("2024-06-01T00:00:00Z"),
    heightM: 2,
    sensorSerial: "HMP-7",
    loggerSlope: 100,
    loggerOffset: -40,
    by: "test",
  });
  return { station, logger, points };
}

describe("IEA Task 43 WRA data model: export and import a station", () => {
  let operator: SessionUser;
  let stakeholder: SessionUser;
  const as = (user: SessionUser) => createCaller({ db, user, resHeaders: new Headers() });
  beforeAll(async () => {
    operator = (await createTestUser("OPERATOR")).user;
    stakeholder = (await createTestUser("STAKEHOLDER")).user;
  });
  afterAll(() => db.$disconnect());

  it("exports a station with the schema's field names, loggers, points, configuration versions and calibrations", async () => {
    const { station, logger } = await mastWithHistory(`T43 export ${randomUUID().slice(0, 6)}`);
    const doc = await as(stakeholder).stations.exportTask43({ id: station.id });
    expect(task43Document.safeParse(doc).success).toBe(true);
    expect(doc.version).toBe("1.3.0-2024.03");
    const [ml] = doc.measurement_location;
    expect(ml).toMatchObject({ name: station.name, latitude_ddeg: 53.41, longitude_ddeg: -7.23, measurement_station_type_id: "mast" });
    expect(ml.logger_main_config).toEqual([
      expect.objectContaining({
        logger_oem_id: "Campbell Scientific",
        logger_model_name: "CR1000X",
        logger_serial_number: logger.serial,
        offset_from_utc_hrs: 0,
        averaging_period_minutes: 10,
        timestamp_is_end_of_period: true,
        date_to: null,
      }),
    ]);
    const spd = ml.measurement_point.find((p) => p.name === "Spd80mN")!;
    expect(spd).toMatchObject({ measurement_type_id: "wind_speed", height_m: 79 });
    expect(
      spd.logger_measurement_config.map((c) => [
        c.date_from,
        c.slope,
        c.offset,
        c.height_m,
        c.serial_number,
        c.logger_stated_boom_orientation_deg,
        c.measurement_units_id,
        c.column_name[0],
      ]),
    ).toEqual([
      ["2024-06-01T00:00:00.000Z", 0.765, 0.35, 80, "TC-1001", 0, "m/s", { column_name: "Spd80mN", statistic_type_id: "avg", notes: null }],
      ["2025-01-01T00:00:00.000Z", 1, 0, 79, "TC-2002", 45, "m/s", { column_name: "Spd80mN", statistic_type_id: "avg", notes: null }],
    ]);
    expect(
      spd.sensor!.map((s) => [s.serial_number, s.calibration?.[0]?.slope, s.calibration?.[0]?.calibration_id, s.calibration?.[0]?.date_of_calibration]),
    ).toEqual([
      ["TC-1001", 0.7581, "DEWI-2024-0042", "2024-05-20"],
      ["TC-2002", 1.01, "DEWI-2024-0911", null],
    ]);
    const flow = ml.measurement_point.find((p) => p.name === "Flow")!;
    expect(flow.measurement_type_id).toBe("other");
    expect(flow.logger_measurement_config[0].measurement_units_id).toBeNull();

    const plant = await createStation(db, { name: `T43 plant ${randomUUID().slice(0, 6)}`, type: "plant", latitude: 1, longitude: 1 });
    await expect(as(operator).stations.exportTask43({ id: plant.id })).rejects.toThrow(/does not export/);
    const nowhere = await createStation(db, { name: `T43 nowhere ${randomUUID().slice(0, 6)}`, type: "mast" });
    await expect(as(operator).stations.exportTask43({ id: nowhere.id })).rejects.toThrow(/latitude and longitude/);
  });

  it("exports JSON that validates against the published Task 43 schema (ajv, draft-07, formats checked)", async () => {
    const schema = JSON.parse(readFileSync(path.join(process.cwd(), "tests/fixtures/iea43/iea43_wra_data_model.schema.json"), "utf8"));
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const { station } = await mastWithHistory(`T43 schema ${randomUUID().slice(0, 6)}`);
    const doc = await as(stakeholder).stations.exportTask43({ id: station.id });
    expect(validate(doc) ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message}`)).toEqual([]);
    // The validator is strict enough to catch a wrong export: a statistic outside the schema's list fails it.
    const broken = structuredClone(doc);
    (broken.measurement_location[0].measurement_point[0].logger_measurement_config[0].column_name[0] as { statistic_type_id: string }).statistic_type_id =
      "median-ish";
    expect(validate(broken)).toBe(false);
  });

  it("round-trips: an exported station imported under a new name exports the same, and importing it again changes nothing", async () => {
    const { station } = await mastWithHistory(`T43 source ${randomUUID().slice(0, 6)}`);
    const original = await as(operator).stations.exportTask43({ id: station.id });
    const copyName = `T43 copy ${randomUUID().slice(0, 6)}`;
    const renamed = structuredClone(original);
    renamed.measurement_location[0].name = copyName;
    for (const l of renamed.measurement_location[0].logger_main_config) l.logger_serial_number = `copy-${l.logger_serial_number}`;

    // The preview says what it would do and writes nothing.
    const preview = await as(operator).stations.importTask43({ document: renamed });
    expect(preview.applied).toBe(false);
    expect(preview.stations[0]).toMatchObject({ name: copyName, action: "create" });
    expect(preview.stations[0].points.map((p) => [p.what, p.action]).sort()).toEqual([
      ["Flow", "create"],
      ["Spd80mN", "create"],
      ["Spd80mNStd", "create"],
      ["T2m", "create"],
    ]);
    expect(preview.stations[0].configs.map((c) => c.what).sort()).toEqual([
      "Spd80mN from 2024-06-01T00:00:00.000Z",
      "Spd80mN from 2025-01-01T00:00:00.000Z",
      "T2m from 2024-06-01T00:00:00.000Z",
    ]);
    expect(await db.station.count({ where: { name: copyName } })).toBe(0);

    await as(operator).stations.importTask43({ document: renamed, apply: true });
    const copy = await db.station.findUniqueOrThrow({
      where: { name: copyName },
      include: { points: { include: { sensor: { include: { calibrations: { orderBy: { effectiveFrom: "asc" } } } } } } },
    });
    expect(copy).toMatchObject({ type: "mast", elevationM: 212, timeZone: "UTC", region: "midlands" });
    const spd = copy.points.find((p) => p.name === "Spd80mN")!;
    expect(spd.sensor.calibrations.map((c) => [c.effectiveFrom.toISOString(), Number(c.slope.toFixed(6))])).toEqual([
      ["2024-06-01T00:00:00.000Z", Number((0.7581 / 0.765).toFixed(6))],
      ["2025-01-01T00:00:00.000Z", 1.01],
    ]);
    expect(copy.points.find((p) => p.name === "Flow")).toMatchObject({ quantity: "flow", unit: "m³/h", statistic: "sample" });

    const again = await as(operator).stations.exportTask43({ id: copy.id });
    const expected = comparable(original);
    for (const l of expected.measurement_location[0].logger_main_config) l.logger_serial_number = `copy-${l.logger_serial_number}`;
    expect(comparable(again)).toEqual(expected);

    const second = await as(operator).stations.importTask43({ document: renamed, apply: true });
    const actions = [second.stations[0].action, ...second.stations[0].loggers, ...second.stations[0].points, ...second.stations[0].configs].map((c) =>
      typeof c === "string" ? c : c.action,
    );
    expect(new Set(actions)).toEqual(new Set(["unchanged"]));
    expect(await db.measurementPointConfig.count({ where: { point: { stationId: copy.id } } })).toBe(3);
  });

  it("updates an existing station from a document: a moved mast and a new calibration version, previewed first", async () => {
    const { station } = await mastWithHistory(`T43 update ${randomUUID().slice(0, 6)}`);
    const doc = await as(operator).stations.exportTask43({ id: station.id });
    const ml = doc.measurement_location[0];
    ml.latitude_ddeg = 53.5;
    const spd = ml.measurement_point.find((p) => p.name === "Spd80mN")!;
    spd.logger_measurement_config.push({ ...spd.logger_measurement_config[1], date_from: "2025-06-01T00:00:00Z", serial_number: "TC-3003" });
    spd.sensor!.push({
      serial_number: "TC-3003",
      date_from: "2025-06-01T00:00:00Z",
      date_to: null,
      notes: null,
      calibration: [{ slope: 0.99, offset: 0.01, calibration_id: "DEWI-2025-0100", date_of_calibration: "2025-05-28" }],
    });

    const preview = await as(operator).stations.importTask43({ document: doc });
    expect(preview.stations[0]).toMatchObject({ action: "update", changes: { latitude: { from: 53.41, to: 53.5 } } });
    expect(preview.stations[0].configs.filter((c) => c.action === "create").map((c) => c.what)).toEqual(["Spd80mN from 2025-06-01T00:00:00.000Z"]);
    expect((await db.station.findUniqueOrThrow({ where: { id: station.id } })).latitude).toBe(53.41);

    await as(operator).stations.importTask43({ document: doc, apply: true });
    expect((await db.station.findUniqueOrThrow({ where: { id: station.id } })).latitude).toBe(53.5);
    const config = await db.measurementPointConfig.findFirstOrThrow({
      where: { point: { stationId: station.id, name: "Spd80mN" }, dateFrom: new Date("2025-06-01T00:00:00Z") },
    });
    expect(config).toMatchObject({ sensorSerial: "TC-3003", calibrationSlope: 0.99, calibrationOffset: 0.01, certificate: "DEWI-2025-0100" });
    expect(await db.sensorCalibration.count({ where: { sensor: { point: { id: config.pointId } }, effectiveFrom: new Date("2025-06-01T00:00:00Z") } })).toBe(1);
  });

  it("refuses hostile documents and the wrong role, writing nothing", async () => {
    const { station } = await mastWithHistory(`T43 hostile ${randomUUID().slice(0, 6)}`);
    const good = await as(operator).stations.exportTask43({ id: station.id });
    const name = `T43 never ${randomUUID().slice(0, 6)}`;
    const variant = (change: (d: Task43Document) => void, keepSerial = false) => {
      const d = structuredClone(good);
      d.measurement_location[0].name = name;
      if (!keepSerial) for (const l of d.measurement_location[0].logger_main_config) l.logger_serial_number = `new-${l.logger_serial_number}`;
      change(d);
      return d;
    };
    const hostile: unknown[] = [
      variant((d) => (d.version = "latest")),
      variant((d) => (d.measurement_location[0].latitude_ddeg = 91)),
      variant(
        (d) => ((d.measurement_location[0].measurement_point[0] as { measurement_type_id: string }).measurement_type_id = '\'; DROP TABLE "Station"; --'),
      ),
      variant((d) => (d.measurement_location[0].measurement_point = Array.from({ length: 1_001 }, () => d.measurement_location[0].measurement_point[0]))),
      variant((d) => (d.measurement_location[0].measurement_point[0].logger_measurement_config[0].date_from = "yesterday")),
      variant((d) => (d.measurement_location[0].name = "x".repeat(10_000))),
      { measurement_location: "not an array" },
      null,
    ];
    for (const document of hostile) {
      await expect(as(operator).stations.importTask43({ document: document as Task43Document, apply: true })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
    // A logger slope of 0 passes the schema but not our configuration rules: refused whole, the station not half made.
    const zeroSlope = variant((d) => {
      const spd = d.measurement_location[0].measurement_point.find((p) => p.name === "Spd80mN")!;
      spd.logger_measurement_config[1].slope = 0;
    });
    await expect(as(operator).stations.importTask43({ document: zeroSlope, apply: true })).rejects.toThrow(/Spd80mN.*slope must not be 0/);
    expect(await db.station.count({ where: { name } })).toBe(0);
    // A logger that is another station's.
    const stolen = variant(() => undefined, true);
    await expect(as(operator).stations.importTask43({ document: stolen, apply: true })).rejects.toThrow(/belongs to station/);
    expect(await db.station.count({ where: { name } })).toBe(0);

    await expect(as(stakeholder).stations.importTask43({ document: variant(() => undefined) })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
