import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { unzip } from "@/tests/support/unzip";
import { testInflux, writeReadings } from "@/tests/support/influx-readings";
import { createTestUser } from "@/tests/support/users";
import { createCaller } from "../api/root";
import type { SessionUser } from "../auth/session";
import { db } from "../db";
import type { InfluxClient } from "../influx/influx-client";
import { getReadingsExportFile } from "./get-readings-export-file";
import { runReadingsExport } from "./run-readings-export";
import { SESSION_COOKIE } from "../auth/session";
import { GET as downloadExport } from "@/app/api/exports/[id]/route";

// The route handler's marker import only guards against client bundles.
vi.mock("server-only", () => ({}));

const MIN = 60_000;
const from = Date.UTC(2026, 2, 1, 0, 0);
const to = from + 60 * MIN;
const iso = (t: number) => new Date(t).toISOString();

describe("readings export", () => {
  const infraType = `fx-export-${randomUUID().slice(0, 8)}`;
  const keys = { cal: `${infraType}-cal`, flagged: `${infraType}-flagged`, temp: `${infraType}-temp` };
  let alice: SessionUser;
  let aliceToken: string;
  let bob: SessionUser;
  let bobToken: string;
  let admin: SessionUser;
  let influx: InfluxClient;
  const caller = (user: SessionUser) => createCaller({ db, user, resHeaders: new Headers() });

  beforeAll(async () => {
    const [a, b, c] = await Promise.all([createTestUser("STAKEHOLDER"), createTestUser("STAKEHOLDER"), createTestUser("ADMIN")]);
    [alice, aliceToken, bob, bobToken, admin] = [a.user, a.token, b.user, b.token, c.user];
    influx = await testInflux();
    const sensors = [
      { key: keys.cal, quantity: "wind_speed", unit: "m/s" },
      { key: keys.flagged, quantity: "wind_speed", unit: "m/s" },
      { key: keys.temp, quantity: "temperature", unit: "°C" },
    ];
    for (const s of sensors) await db.sensor.create({ data: { ...s, name: s.key, infraType, region: "north", site: "s" } });
    const cal = await db.sensor.findUniqueOrThrow({ where: { key: keys.cal } });
    // In effect from 00:30: readings before it stay raw.
    await db.sensorCalibration.create({ data: { sensorId: cal.id, slope: 2, offset: 1, effectiveFrom: new Date(from + 30 * MIN) } });
    const flagged = await db.sensor.findUniqueOrThrow({ where: { key: keys.flagged } });
    await db.sensorFlag.create({ data: { sensorId: flagged.id, from: new Date(from + 20 * MIN), to: new Date(from + 30 * MIN), reason: "icing" } });
    // Every 10 minutes from 23:50 the day before to 01:00 inclusive: the ends fall outside [from, to).
    const times = Array.from({ length: 8 }, (_, i) => from - 10 * MIN + i * 10 * MIN);
    await writeReadings(
      influx,
      sensors.flatMap((s, n) => times.map((time, i) => ({ sensor: s.key, time, value: (n + 1) * 10 + i }))),
    );
  });
  afterAll(() => db.$disconnect());

  it("queues a job, then writes one CSV per quantity with calibrated values and flagged ranges left out", async () => {
    const requested = await caller(alice).exports.request({ infraType, from: new Date(from), to: new Date(to) });
    expect(requested).toMatchObject({ status: "queued", requestedBy: alice.email, progress: 0 });
    // On the heavy lane's own queue, not the shared one scans and reports use.
    expect(await db.jobRun.findUniqueOrThrow({ where: { id: requested.runId! } })).toMatchObject({
      kind: "readings-export",
      queue: "heavy",
      params: { exportId: requested.id },
    });

    const progress: number[] = [];
    // 20-minute chunks: each sensor is read in three queries; the zip is stored in 100-byte chunk rows.
    const result = await runReadingsExport(db, {
      exportId: requested.id,
      influx,
      chunkMs: 20 * MIN,
      chunkBytes: 100,
      onProgress: (p) => void progress.push(p),
    });
    expect(result).toMatchObject({ sensors: 3, rows: 6 + 4 + 6 });
    expect(progress.length).toBeGreaterThan(3);
    expect(progress.at(-1)).toBe(100);

    const [listed] = await caller(alice).exports.list();
    expect(listed).toMatchObject({ id: requested.id, status: "succeeded", progress: 100, rows: 16, bytes: result.bytes });
    expect(listed).not.toHaveProperty("content");

    // Read back chunk by chunk, as the download route sends it.
    expect(await db.readingsExportChunk.count({ where: { exportId: requested.id } })).toBe(Math.ceil(result.bytes / 100));
    const file = await getReadingsExportFile(db, { id: requested.id, user: alice });
    const slices: Buffer[] = [];
    for await (const slice of file!.slices()) slices.push(slice);
    expect(slices.length).toBe(Math.ceil(result.bytes / 100));
    expect(slices.slice(0, -1).every((c) => c.length === 100)).toBe(true);
    const files = await unzip(Buffer.concat(slices));
    expect([...files.keys()]).toEqual(["temperature.csv", "wind_speed.csv"]);

    const wind = files.get("wind_speed.csv")!.trimEnd().split("\n");
    expect(wind[0]).toBe("time,sensor_key,value,unit");
    const at = (minutes: number) => iso(from + minutes * MIN);
    // Raw values are 11..16 at 00:00..00:50 for the calibrated sensor; ×2+1 from 00:30.
    expect(wind.filter((l) => l.includes(keys.cal))).toEqual([
      `${at(0)},"${keys.cal}",11,"m/s"`,
      `${at(10)},"${keys.cal}",12,"m/s"`,
      `${at(20)},"${keys.cal}",13,"m/s"`,
      `${at(30)},"${keys.cal}",29,"m/s"`,
      `${at(40)},"${keys.cal}",31,"m/s"`,
      `${at(50)},"${keys.cal}",33,"m/s"`,
    ]);
    // 00:20 and 00:30 lie in the flagged range (both ends inclusive).
    expect(wind.filter((l) => l.includes(keys.flagged)).map((l) => l.split(",")[0])).toEqual([at(0), at(10), at(40), at(50)]);
    expect(files.get("temperature.csv")!.trimEnd().split("\n").slice(1)).toEqual(
      [0, 10, 20, 30, 40, 50].map((m, i) => `${at(m)},"${keys.temp}",${31 + i},"°C"`),
    );
  });

  it("shows and serves an export only to its requester and admins", async () => {
    const requested = await caller(alice).exports.request({ sensorKeys: [keys.temp], from: new Date(from), to: new Date(to) });
    await runReadingsExport(db, { exportId: requested.id, influx });
    expect((await caller(bob).exports.list()).map((e) => e.id)).not.toContain(requested.id);
    expect(await getReadingsExportFile(db, { id: requested.id, user: bob })).toBeNull();
    expect(await getReadingsExportFile(db, { id: requested.id, user: admin })).not.toBeNull();
    expect((await caller(admin).exports.list()).map((e) => e.id)).toContain(requested.id);

    const download = (token?: string) =>
      downloadExport(new Request(`http://test/api/exports/${requested.id}`, { headers: token ? { cookie: `${SESSION_COOKIE}=${token}` } : {} }), {
        params: Promise.resolve({ id: requested.id }),
      });
    const mine = await download(aliceToken);
    expect(mine.status).toBe(200);
    expect(mine.headers.get("content-type")).toBe("application/zip");
    expect([...(await unzip(Buffer.from(await mine.arrayBuffer()))).keys()]).toEqual(["temperature.csv"]);
    expect((await download(bobToken)).status).toBe(404);
    expect((await download()).status).toBe(401);
  });

  it("refuses an empty selection and fails, clearly, past the size cap", async () => {
    await expect(caller(alice).exports.request({ infraType: `${infraType}-none`, from: new Date(from), to: new Date(to) })).rejects.toThrow(
      /No sensor matches/,
    );
    await expect(caller(alice).exports.request({ from: new Date(from), to: new Date(to) })).rejects.toThrow(/Choose an infrastructure type/);
    const requested = await caller(alice).exports.request({ infraType, from: new Date(from), to: new Date(to) });
    await expect(runReadingsExport(db, { exportId: requested.id, influx, maxBytes: 200, chunkBytes: 64 })).rejects.toThrow(/larger than 200 bytes/);
    expect(await db.readingsExport.findUniqueOrThrow({ where: { id: requested.id } })).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/choose fewer sensors/),
    });
    // Nothing half-written stays behind, and nothing is served.
    expect(await db.readingsExportChunk.count({ where: { exportId: requested.id } })).toBe(0);
    expect(await getReadingsExportFile(db, { id: requested.id, user: alice })).toBeNull();
  });

  it("limits each user's exports at once and per day, with a message saying what to do", async () => {
    const carol = (await createTestUser("STAKEHOLDER")).user;
    const dave = (await createTestUser("STAKEHOLDER")).user;
    const ask = (user: SessionUser) => caller(user).exports.request({ sensorKeys: [keys.temp], from: new Date(from), to: new Date(to) });
    // READINGS_EXPORT_MAX_ACTIVE_PER_USER defaults to 2: two at once, even asked together, and not a third.
    const settled = await Promise.allSettled([ask(carol), ask(carol), ask(carol)]);
    expect(settled.filter((r) => r.status === "fulfilled")).toHaveLength(2);
    const refused = settled.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: expect.stringMatching(/already have 2 exports queued or running \(at most 2 at once\); wait for one to finish/),
    });
    // Another user is not held up by carol's.
    await expect(ask(dave)).resolves.toMatchObject({ status: "queued" });
    // Once one finishes, carol may ask again.
    const [first] = settled.filter((r) => r.status === "fulfilled").map((r) => (r as PromiseFulfilledResult<{ id: string }>).value);
    await runReadingsExport(db, { exportId: first.id, influx });
    await expect(ask(carol)).resolves.toMatchObject({ status: "queued" });

    // Per day (READINGS_EXPORT_MAX_PER_USER_PER_DAY, 20): 17 more finished ones today make 20.
    const since = Date.now() - 23 * 60 * MIN;
    await db.readingsExport.createMany({
      data: Array.from({ length: 17 }, (_, i) => ({
        requestedBy: carol.email,
        params: {},
        status: "succeeded" as const,
        createdAt: new Date(since + i * MIN),
      })),
    });
    await db.readingsExport.updateMany({ where: { requestedBy: carol.email, status: "queued" }, data: { status: "failed" } });
    await expect(ask(carol)).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: expect.stringMatching(/requested 20 exports in the last 24 hours, the limit; try again after \d{4}-\d\d-\d\d \d\d:\d\d UTC/),
    });
  });
});
