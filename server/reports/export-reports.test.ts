import { randomUUID } from "node:crypto";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { exportReports, GROUP_EXPORT_COLUMNS, SENSOR_EXPORT_COLUMNS } from "./export-reports";
import { exportReportsInput } from "./schemas";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const heapAfterGc = () => {
  gc();
  return process.memoryUsage().heapUsed;
};

const ROWS = 150_000;
const start = new Date(Date.UTC(2023, 0, 1));
let tag: string;

describe("report export", () => {
  beforeAll(async () => {
    tag = `exp-${randomUUID().slice(0, 8)}`;
    // A year and a half of 5-minute reports for one group, written by PostgreSQL itself.
    await db.$executeRaw`
      INSERT INTO "Report" (resolution, "windowStart", "windowEnd", "infraType", region, "sensorCount", readings, expected, completeness, min, mean, max, stddev, p95,
        "sensorsOk", "sensorsLate", "sensorsSilent", "alertsWarning", "alertsCritical")
      SELECT '5m', ${start}::timestamp + i * interval '5 minutes', ${start}::timestamp + (i + 1) * interval '5 minutes', ${tag}, 'north', 25, 120, 125, 0.96,
        -3.5, i % 97 * 0.5, 40.25, 2.5, 35, 24, 1, 0, i % 3, 0
      FROM generate_series(0, ${ROWS - 1}::int) AS i`;
  });
  afterAll(async () => {
    await db.report.deleteMany({ where: { infraType: tag } });
    await db.$disconnect();
  });

  const filter = (overrides: Record<string, unknown>) =>
    exportReportsInput.parse({ infraType: tag, from: start.toISOString(), to: new Date(start.getTime() + 2 * 365 * 86_400_000).toISOString(), ...overrides });

  it("streams a large CSV in many chunks, oldest first, with memory that stays flat", async () => {
    const baseline = heapAfterGc();
    let chunks = 0;
    let bytes = 0;
    let lines = 0;
    let peak = 0;
    let header = "";
    let firstRow = "";
    let lastWindow = "";
    for await (const chunk of exportReports(db, filter({}), 2_000)) {
      if (chunks === 0) header = chunk;
      if (chunks === 1) firstRow = chunk.slice(0, chunk.indexOf("\n"));
      chunks++;
      bytes += chunk.length;
      lines += chunk.split("\n").length - 1;
      lastWindow = chunk.slice(chunk.lastIndexOf("\n", chunk.length - 2) + 1).split(",")[1] ?? lastWindow;
      if (chunks % 10 === 0) peak = Math.max(peak, heapAfterGc() - baseline);
    }
    expect(header).toBe(`${GROUP_EXPORT_COLUMNS.join(",")}\n`);
    expect(firstRow).toBe(
      `"5m","2023-01-01T00:00:00.000Z","2023-01-01T00:05:00.000Z","${tag}","north",25,120,125,0.96,"'-3.5",0,40.25,2.5,35,24,1,0,0,0`.replace(
        `"'-3.5"`,
        "-3.5",
      ),
    );
    expect(lines).toBe(ROWS + 1);
    expect(chunks).toBe(ROWS / 2_000 + 1);
    expect(lastWindow).toBe(`"${new Date(start.getTime() + (ROWS - 1) * 300_000).toISOString()}"`);
    expect(bytes).toBeGreaterThan(15_000_000);
    // The whole export is > 15 MB of text; what stays live at any time is about one page of it.
    expect(peak).toBeLessThan(12_000_000);
  }, 120_000);

  it("exports JSON objects keyed by the same columns, and sensor lines at sensor level", async () => {
    const small = { to: new Date(start.getTime() + 3 * 300_000).toISOString() };
    let json = "";
    for await (const chunk of exportReports(db, filter({ ...small, format: "json" }), 2)) json += chunk;
    const parsed = JSON.parse(json) as Array<Record<string, unknown>>;
    expect(parsed).toHaveLength(3);
    expect(Object.keys(parsed[0])).toEqual([...GROUP_EXPORT_COLUMNS]);
    expect(parsed[2]).toMatchObject({ window_start: new Date(start.getTime() + 600_000).toISOString(), mean: 1, alerts_warning: 2 });

    const report = await db.report.findFirstOrThrow({ where: { infraType: tag, windowStart: start } });
    await db.reportSensor.createMany({
      data: ["s-b", "s-a"].map((sensorKey) => ({
        reportId: report.id,
        sensorKey,
        readings: 5,
        expected: 5,
        completeness: 1,
        status: "ok",
        alertsWarning: 0,
        alertsCritical: 0,
      })),
    });
    let csv = "";
    for await (const chunk of exportReports(db, filter({ ...small, level: "sensor" }))) csv += chunk;
    const lines = csv.trim().split("\n");
    expect(lines[0]).toBe(SENSOR_EXPORT_COLUMNS.join(","));
    expect(lines.slice(1).map((l) => l.split(",")[5])).toEqual(['"s-a"', '"s-b"']);
  });
});
