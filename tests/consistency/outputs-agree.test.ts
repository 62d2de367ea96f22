import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import { unzip } from "@/tests/support/unzip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "@/server/api/root";
import type { SessionUser } from "@/server/auth/session";
import { rebuildReportChunk } from "@/server/coverage/rebuild-report-chunk";
import { db } from "@/server/db";
import { getReadingsExportFile } from "@/server/exports/get-readings-export-file";
import { runReadingsExport } from "@/server/exports/run-readings-export";
import { runStationExport } from "@/server/exports/run-station-export";
import type { InfluxClient } from "@/server/influx/influx-client";
import { replaceAutoFlags } from "@/server/qc/replace-auto-flags";
import { setQcOverride } from "@/server/qc/set-qc-override";
import { getSensorReadings } from "@/server/sensors/get-sensor-readings";
import { testInflux, writeReadings } from "@/tests/support/influx-readings";
import { createTestUser } from "@/tests/support/users";

/**
 * Issue 18 item 4: every output leaves out exactly the same readings and calibrates them the same way —
 * the sensor chart's readings, the 5-minute report, the station export and the
 * readings export — and a correction (here QC's flag taken back by a "good" verdict) marks the report's
 * hour for rebuild, after which every output shows the same new set again.
 */
const MIN = 60_000;
// The last five minutes of an hour, so the rebuilt window completes its coverage hour.
const base = Date.UTC(2032, 4, 5, 10, 55);
const tag = `agree-${randomUUID().slice(0, 8)}`;
const key = `${tag}.Spd80m`;

describe("flags and calibrations change every output the same way", () => {
  let influx: InfluxClient;
  let user: SessionUser;
  let stationId: string;
  let sensorId: string;
  const caller = () => createCaller({ db, user, resHeaders: new Headers() });

  beforeAll(async () => {
    influx = await testInflux();
    user = (await createTestUser("STAKEHOLDER")).user;
    const station = await db.station.create({ data: { name: tag, slug: tag, type: "mast", latitude: 53, longitude: -8, elevationM: 100 } });
    stationId = station.id;
    const sensor = await db.sensor.create({
      data: { key, name: "Spd80m", quantity: "wind_speed", unit: "m/s", infraType: "wind_mast", region: tag, site: tag, intervalSeconds: 60 },
    });
    sensorId = sensor.id;
    await db.measurementPoint.create({ data: { stationId, sensorId, name: "Spd80m", quantity: "wind_speed", unit: "m/s", statistic: "avg" } });
    // Raw 1..5 one minute apart; ×2 + 1 from the third; the second flagged by hand, the fourth by QC.
    await writeReadings(
      influx,
      [1, 2, 3, 4, 5].map((value, i) => ({ sensor: key, time: base + i * MIN, value })),
    );
    await db.sensorCalibration.create({ data: { sensorId, slope: 2, offset: 1, effectiveFrom: new Date(base + 2 * MIN) } });
    await db.sensorFlag.create({ data: { sensorId, from: new Date(base + MIN), to: new Date(base + MIN), reason: "maintenance" } });
    await replaceAutoFlags(db, {
      sensorId,
      sensorKey: key,
      from: base,
      to: base + 5 * MIN - 1,
      flags: [{ from: base + 3 * MIN, to: base + 3 * MIN, severity: "fail", test: "spike", testVersion: 1, params: { threshold: 1 } }],
    });
    await rebuildReportChunk(db, { from: base, to: base + 5 * MIN, readStartedAt: new Date(), influx });
  });
  afterAll(async () => {
    await db.report.deleteMany({ where: { region: tag } });
    await db.coverageBucket.deleteMany({ where: { scope: `wind_mast/${tag}` } });
    await db.sensor.deleteMany({ where: { key } });
    await db.station.delete({ where: { id: stationId } });
    await db.$disconnect();
  });

  /** What each output shows for the sensor over the window: its values in time order, or its figures. */
  async function everyOutput() {
    const chart = await getSensorReadings(db, { key, hours: 1, now: base + 5 * MIN - 1, client: influx });
    const report = await db.reportSensor.findFirstOrThrow({ where: { sensorKey: key, report: { resolution: "5m", windowStart: new Date(base) } } });

    const station = await caller().exports.requestStation({
      stationId,
      from: new Date(base),
      to: new Date(base + 5 * MIN),
      format: "long",
      values: "calibrated",
      flagged: "remove",
    } as never);
    await runStationExport(db, { exportId: station.id, influx });
    const stationRows = parse(await fileText(station.id), { columns: true }) as Array<Record<string, string>>;

    const readings = await caller().exports.request({ sensorKeys: [key], from: new Date(base), to: new Date(base + 5 * MIN) });
    await runReadingsExport(db, { exportId: readings.id, influx });
    const zipped = await unzip(Buffer.from(await fileText(readings.id, "binary"), "binary"));
    const readingsRows = parse(zipped.get("wind_speed.csv")!, { columns: true }) as Array<Record<string, string>>;

    return {
      chart: chart.readings.map((r) => r.value),
      report: { readings: report.readings, min: report.min, max: report.max, mean: report.mean },
      stationExport: stationRows.map((r) => Number(r.value)),
      readingsExport: readingsRows.map((r) => Number(r.value)),
    };
  }

  async function fileText(id: string, encoding: BufferEncoding = "utf8"): Promise<string> {
    const file = await getReadingsExportFile(db, { id, user });
    const parts: Buffer[] = [];
    for await (const slice of file!.slices()) parts.push(slice);
    return Buffer.concat(parts).toString(encoding);
  }

  const figures = (values: number[]) => ({
    count: values.length,
    min: Math.min(...values),
    max: Math.max(...values),
    mean: values.reduce((a, b) => a + b, 0) / values.length,
  });

  function expectAgree(outputs: Awaited<ReturnType<typeof everyOutput>>, values: number[]) {
    const f = figures(values);
    expect(outputs.chart).toEqual(values);
    expect(outputs.stationExport).toEqual(values);
    expect(outputs.readingsExport).toEqual(values);
    expect(outputs.report).toMatchObject({ readings: f.count, min: f.min, max: f.max });
    expect(outputs.report.mean!).toBeCloseTo(f.mean, 10);
  }

  it("the manual and the automatic flag leave out the same readings everywhere, calibrated the same way", async () => {
    // 1 raw; 2 flagged by hand; 3 → 7; 4 flagged by QC; 5 → 11.
    expectAgree(await everyOutput(), [1, 7, 11]);
    const hour = await db.coverageBucket.findUniqueOrThrow({
      where: { kind_scope_bucketStart: { kind: "report", scope: `wind_mast/${tag}`, bucketStart: new Date(Date.UTC(2032, 4, 5, 10)) } },
    });
    expect(hour.state).toBe("covered");
  });

  it("a correction marks the report's hour stale; the rebuild brings the report in line with the other outputs", async () => {
    await setQcOverride(db, {
      key,
      from: new Date(base + 3 * MIN - 30_000),
      to: new Date(base + 3 * MIN + 30_000),
      reason: "checked against the logger",
      by: "test",
    });
    const hour = () =>
      db.coverageBucket.findUniqueOrThrow({
        where: { kind_scope_bucketStart: { kind: "report", scope: `wind_mast/${tag}`, bucketStart: new Date(Date.UTC(2032, 4, 5, 10)) } },
      });
    expect(await hour()).toMatchObject({ state: "stale", staleReason: "qc-override" });
    const before = await everyOutput();
    // Readers see the reading at once; the stored report still has the old figures until its rebuild.
    expect(before.chart).toEqual([1, 7, 9, 11]);
    expect(before.report.readings).toBe(3);

    await rebuildReportChunk(db, { from: base, to: base + 5 * MIN, readStartedAt: new Date(), influx });
    expectAgree(await everyOutput(), [1, 7, 9, 11]);
    expect((await hour()).state).toBe("covered");
  });
});
