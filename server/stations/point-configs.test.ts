import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser } from "@/tests/support/users";
import { createCaller } from "../api/root";
import type { SessionUser } from "../auth/session";
import { db } from "../db";
import { createStation } from "./create-station";
import { pointCorrection } from "./set-point-config";

describe("versioned point configuration and calibration", () => {
  let engineer: SessionUser;
  const caller = () => createCaller({ db, user: engineer, resHeaders: new Headers() });
  beforeAll(async () => {
    engineer = (await createTestUser("ENGINEER")).user;
  });
  afterAll(() => db.$disconnect());

  it("turns a logger's programmed slope/offset and a certificate's into the one linear correction readings use", () => {
    expect(pointCorrection({ loggerSlope: 1, loggerOffset: 0 })).toBeNull();
    // Programmed with the generic 0.765 / 0.35; the certificate says 0.7581 / 0.3112.
    const c = pointCorrection({ loggerSlope: 0.765, loggerOffset: 0.35, calibrationSlope: 0.7581, calibrationOffset: 0.3112 })!;
    const signal = 17; // Hz
    const raw = 0.765 * signal + 0.35;
    expect(c.slope * raw + c.offset).toBeCloseTo(0.7581 * signal + 0.3112, 10);
  });

  it("keeps every dated version, calibrates the point's sensor from each version's start, and refuses what is wrong", async () => {
    const station = await createStation(db, { name: `Configs ${randomUUID().slice(0, 6)}`, type: "mast" });
    const sensor = await db.sensor.create({
      data: {
        key: `${station.slug}.Spd80mN`,
        name: "Spd80mN",
        quantity: "wind_speed",
        unit: "m/s",
        infraType: "wind_mast",
        region: "default",
        site: station.name,
      },
    });
    const point = await db.measurementPoint.create({
      data: {
        stationId: station.id,
        sensorId: sensor.id,
        name: "Spd80mN",
        quantity: "wind_speed",
        heightM: 80,
        orientation: "N",
        statistic: "avg",
        unit: "m/s",
      },
    });

    const first = await caller().stations.setPointConfig({
      pointId: point.id,
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
    });
    expect(first.correction!.slope).toBeCloseTo(0.7581 / 0.765, 12);
    // Re-mounted a metre lower with a new anemometer from January.
    await caller().stations.setPointConfig({
      pointId: point.id,
      dateFrom: new Date("2025-01-01T00:00:00Z"),
      heightM: 79,
      orientation: "N",
      sensorSerial: "TC-2002",
      loggerSlope: 1,
      loggerOffset: 0,
      calibrationSlope: 1.01,
      calibrationOffset: -0.02,
      certificate: "DEWI-2024-0911",
    });

    const calibrations = await db.sensorCalibration.findMany({ where: { sensorId: sensor.id }, orderBy: { effectiveFrom: "asc" } });
    expect(calibrations.map((c) => [c.effectiveFrom.toISOString(), Number(c.slope.toFixed(6)), Number(c.offset.toFixed(6))])).toEqual([
      ["2024-06-01T00:00:00.000Z", Number((0.7581 / 0.765).toFixed(6)), Number((0.3112 - (0.7581 / 0.765) * 0.35).toFixed(6))],
      ["2025-01-01T00:00:00.000Z", 1.01, -0.02],
    ]);
    const detail = await caller().stations.get({ id: station.id });
    const shown = detail.points.find((p) => p.id === point.id)!;
    expect(shown.heightM).toBe(79);
    expect(shown.configs.map((c) => [c.sensorSerial, c.certificate])).toEqual([
      ["TC-2002", "DEWI-2024-0911"],
      ["TC-1001", "DEWI-2024-0042"],
    ]);

    // An older version added later does not change the point's current height.
    await caller().stations.setPointConfig({
      pointId: point.id,
      dateFrom: new Date("2024-01-01T00:00:00Z"),
      dateTo: new Date("2024-06-01T00:00:00Z"),
      heightM: 60,
    });
    expect((await db.measurementPoint.findUniqueOrThrow({ where: { id: point.id } })).heightM).toBe(79);

    await expect(caller().stations.setPointConfig({ pointId: point.id, dateFrom: new Date("2025-01-01T00:00:00Z") })).rejects.toThrow(
      /already has a configuration/,
    );
    await expect(
      caller().stations.setPointConfig({ pointId: point.id, dateFrom: new Date("2025-03-01T00:00:00Z"), dateTo: new Date("2025-02-01T00:00:00Z") }),
    ).rejects.toThrow(/end after it starts/);
    await expect(caller().stations.setPointConfig({ pointId: point.id, dateFrom: new Date("2025-03-01T00:00:00Z"), calibrationSlope: 1.1 })).rejects.toThrow(
      /both the calibration slope and offset/,
    );
    await expect(caller().stations.setPointConfig({ pointId: point.id, dateFrom: new Date("2025-03-01T00:00:00Z"), loggerSlope: 0 })).rejects.toThrow(
      /must not be 0/,
    );
    await expect(caller().stations.setPointConfig({ pointId: "nope", dateFrom: new Date() })).rejects.toThrow(/not found/);
    // A refused version leaves no calibration behind.
    expect(await db.sensorCalibration.count({ where: { sensorId: sensor.id } })).toBe(2);
  });
});
