import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { testInflux, writeReadings } from "@/tests/support/influx-readings";
import { createTestUser } from "@/tests/support/users";
import { GET as downloadExport } from "@/app/api/exports/[id]/route";
import { createCaller } from "../api/root";
import { SESSION_COOKIE, type SessionUser } from "../auth/session";
import { db } from "../db";
import type { InfluxClient } from "../influx/influx-client";
import { getReadingsExportFile } from "./get-readings-export-file";
import { runStationExport } from "./run-station-export";

// The route handler's marker import only guards against client bundles.
vi.mock("server-only", () => ({}));

const MIN = 60_000;
const from = Date.UTC(2026, 2, 1, 0, 0);
const to = from + 60 * MIN;
const golden = (name: string) => readFileSync(path.join(__dirname, "golden", name), "utf8");

/** Every chunk of a finished export, in order, as the download route reads them. */
async function fileText(id: string, user: SessionUser): Promise<string> {
  const file = await getReadingsExportFile(db, { id, user });
  const parts: Buffer[] = [];
  for await (const slice of file!.slices()) parts.push(slice);
  return Buffer.concat(parts).toString("utf8");
}

describe("station export (golden files made by hand)", () => {
  const slug = `fx-st-${randomUUID().slice(0, 8)}`;
  let stationId: string;
  let alice: SessionUser;
  let aliceToken: string;
  let bob: SessionUser;
  let bobToken: string;
  let influx: InfluxClient;
  const caller = (user: SessionUser) => createCaller({ db, user, resHeaders: new Headers() });
  const now = new Date(Date.UTC(2026, 11, 2, 10, 0));

  beforeAll(async () => {
    const [a, b] = await Promise.all([createTestUser("STAKEHOLDER"), createTestUser("STAKEHOLDER")]);
    [alice, aliceToken, bob, bobToken] = [a.user, a.token, b.user, b.token];
    influx = await testInflux();
    const station = await db.station.create({ data: { name: slug, slug, type: "mast", latitude: 53.5, longitude: -8.25, elevationM: 120 } });
    stationId = station.id;
    const points = [
      { name: "Spd80mN", quantity: "wind_speed", unit: "m/s", statistic: "avg" as const },
      { name: "Spd80mNStd", quantity: "wind_speed", unit: "m/s", statistic: "sd" as const },
      { name: "Dir78m", quantity: "wind_direction", unit: "°", statistic: "avg" as const },
    ];
    const sensorOf: Record<string, string> = {};
    for (const p of points) {
      const sensor = await db.sensor.create({
        data: {
          key: `${slug}.${p.name}`,
          name: p.name,
          quantity: p.quantity,
          unit: p.unit,
          infraType: "wind_mast",
          region: "north",
          site: slug,
          intervalSeconds: 600,
        },
      });
      await db.measurementPoint.create({ data: { stationId, sensorId: sensor.id, name: p.name, quantity: p.quantity, unit: p.unit, statistic: p.statistic } });
      sensorOf[p.name] = sensor.id;
    }
    // Spd80mN: +0.5 from February, then ×2 + 1 from 00:30 — a calibration change mid-period.
    await db.sensorCalibration.create({ data: { sensorId: sensorOf.Spd80mN, slope: 1, offset: 0.5, effectiveFrom: new Date(Date.UTC(2026, 1, 1)) } });
    await db.sensorCalibration.create({ data: { sensorId: sensorOf.Spd80mN, slope: 2, offset: 1, effectiveFrom: new Date(from + 30 * MIN) } });
    // Dir78m flagged 00:10–00:20, both ends inclusive.
    await db.sensorFlag.create({ data: { sensorId: sensorOf.Dir78m, from: new Date(from + 10 * MIN), to: new Date(from + 20 * MIN), reason: "icing" } });
    // 23:50 the day before to 01:00: the ends fall outside [from, to). Spd80mNStd has no reading at 00:40.
    const times = Array.from({ length: 8 }, (_, i) => from - 10 * MIN + i * 10 * MIN);
    const std = [9, 0.5, 0.25, 0.75, 1, null, 0.125, 9];
    await writeReadings(
      influx,
      times.flatMap((time, i) => [
        { sensor: `${slug}.Spd80mN`, time, value: 4 + i },
        { sensor: `${slug}.Dir78m`, time, value: 170 + 10 * i },
        ...(std[i] === null ? [] : [{ sensor: `${slug}.Spd80mNStd`, time, value: std[i]! }]),
      ]),
    );
  });
  afterAll(() => db.$disconnect());

  const exportOf = async (user: SessionUser, input: Record<string, unknown>) => {
    const requested = await caller(user).exports.requestStation({ stationId, from: new Date(from), to: new Date(to), ...input } as never);
    // 20-minute chunks: three queries, stored in 64-byte chunk rows, so every boundary is crossed.
    const result = await runStationExport(db, { exportId: requested.id, influx, chunkMs: 20 * MIN, chunkBytes: 64, now });
    return { id: requested.id, runId: requested.runId, result };
  };

  it("Windographer text, calibrated, flagged blank: exactly the golden file, on the heavy lane", async () => {
    const { id, runId, result } = await exportOf(alice, { format: "windographer-txt", flagged: "blank" });
    expect(await db.jobRun.findUniqueOrThrow({ where: { id: runId! } })).toMatchObject({ kind: "station-export", queue: "heavy", params: { exportId: id } });
    expect(result).toMatchObject({ points: 3, rows: 6 });
    expect(await fileText(id, alice)).toBe(golden("station-windographer-blank-calibrated.txt"));
    const [listed] = await caller(alice).exports.listStation({ stationId });
    expect(listed).toMatchObject({ id, status: "succeeded", progress: 100, rows: 6, bytes: result.bytes });
    // Not in the reports page's list of quantity zips.
    expect((await caller(alice).exports.list()).map((e) => e.id)).not.toContain(id);
  });

  it("CSV with ; and decimal comma, a flag column per point: exactly the golden file", async () => {
    const { id } = await exportOf(alice, { format: "csv", delimiter: ";", decimal: ",", flagged: "flag-column" });
    expect(await fileText(id, alice)).toBe(golden("station-csv-semicolon-flag-column-calibrated.csv"));
  });

  it("tidy long, raw, flagged removed: exactly the golden file", async () => {
    const { id, result } = await exportOf(alice, { format: "long", values: "raw", flagged: "remove" });
    expect(result.rows).toBe(15);
    expect(await fileText(id, alice)).toBe(golden("station-long-remove-raw.csv").replaceAll("{slug}", slug));
  });

  it("serves the file as text with the station's name, only to its requester; refuses an unknown station", async () => {
    const { id } = await exportOf(alice, { format: "windographer-txt" });
    const download = (token?: string) =>
      downloadExport(new Request(`http://test/api/exports/${id}`, { headers: token ? { cookie: `${SESSION_COOKIE}=${token}` } : {} }), {
        params: Promise.resolve({ id }),
      });
    const mine = await download(aliceToken);
    expect(mine.status).toBe(200);
    expect(mine.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(mine.headers.get("content-disposition")).toBe(`attachment; filename="${slug}-2026-03-01-2026-03-01.txt"`);
    expect((await mine.text()).split("\n")[12]).toBe("Date/Time\tDir78m\tSpd80mN\tSpd80mNStd");
    // Another stakeholder: as if it did not exist, in the list and at the route.
    expect((await download(bobToken)).status).toBe(404);
    expect((await caller(bob).exports.listStation({ stationId })).map((e) => e.id)).not.toContain(id);
    expect((await download()).status).toBe(401);
    await expect(
      caller(bob).exports.requestStation({ stationId: "no-such-station", from: new Date(from), to: new Date(to), format: "csv" } as never),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      caller(bob).exports.requestStation({ stationId, from: new Date(from), to: new Date(to), format: "csv", delimiter: "|" } as never),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      caller(bob).exports.requestStation({ stationId, from: new Date(Date.UTC(1900, 0, 1)), to: new Date(to), format: "long" } as never),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("fails, clearly, past the size cap and leaves nothing behind", async () => {
    const requested = await caller(bob).exports.requestStation({
      stationId,
      from: new Date(from),
      to: new Date(to),
      format: "long",
      values: "raw",
      flagged: "flag-column",
    } as never);
    await expect(runStationExport(db, { exportId: requested.id, influx, maxBytes: 300, chunkBytes: 64 })).rejects.toThrow(/larger than 300 bytes/);
    expect(await db.readingsExportChunk.count({ where: { exportId: requested.id } })).toBe(0);
    expect(await getReadingsExportFile(db, { id: requested.id, user: bob })).toBeNull();
  });
});
