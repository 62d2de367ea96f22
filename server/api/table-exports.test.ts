import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as exportAlerts } from "@/app/api/alerts/export/route";
import { GET as exportRuns } from "@/app/api/runs/export/route";
import { GET as exportSensors } from "@/app/api/sensors/export/route";
import { createTestUser } from "@/tests/support/users";
import { SESSION_COOKIE } from "../auth/session";
import { db } from "../db";

const tag = `xr${randomUUID().slice(0, 8)}`;
const base = Date.parse("2031-06-01T12:00:00.000Z");
// 450 runs: more than two export pages, so paging must hand over without losing or repeating a row.
const runs = Array.from({ length: 450 }, (_, i) => ({
  id: `run_${tag}_${String(i).padStart(3, "0")}`,
  jobName: `${tag} export`,
  kind: "sleep",
  params: { note: i === 3 ? '=HYPERLINK("x")' : "plain" },
  priority: "P2" as const,
  queue: "jobs",
  trigger: "schedule" as const,
  status: i % 2 ? ("succeeded" as const) : ("failed" as const),
  queuedAt: new Date(base - i * 1_000),
  startedAt: new Date(base - i * 1_000 + 500),
  finishedAt: new Date(base - i * 1_000 + 1_750),
  attempts: 1 + (i % 3),
}));

describe("CSV of what a console table shows", () => {
  let cookie: string;
  let viewerCookie: string;
  beforeAll(async () => {
    await db.jobRun.createMany({ data: runs });
    await db.sensor.createMany({
      data: ["b", "a", "c"].map((k, i) => ({
        key: `${tag}-${k}`,
        name: `+cmd ${k}`,
        site: "s",
        infraType: "building",
        region: tag,
        quantity: "temperature",
        unit: "°C",
        intervalSeconds: 60,
        lastReadingAt: new Date(Date.now() - i * 1_000),
        lastValue: 20 + i,
      })),
    });
    // Opened in one order, last seen in the reverse: the two sorts must disagree.
    await db.alertIncident.createMany({
      data: Array.from({ length: 5 }, (_, i) => ({
        id: `inc_${tag}_${i}`,
        groupingKey: `inc_${tag}_${i}`,
        sensorKey: `${tag}-s${i}`,
        region: tag,
        status: i === 4 ? "resolved" : "open",
        severity: "warning",
        detectors: ["spike"],
        openedAt: new Date(base + i * 60_000),
        lastSeenAt: new Date(base + (10 - i) * 60_000),
      })),
    });
    cookie = `${SESSION_COOKIE}=${(await createTestUser("ENGINEER")).token}`;
    viewerCookie = `${SESSION_COOKIE}=${(await createTestUser("STAKEHOLDER")).token}`;
  });
  afterAll(async () => {
    await db.jobRun.deleteMany({ where: { id: { startsWith: `run_${tag}` } } });
    await db.sensor.deleteMany({ where: { region: tag } });
    await db.alertIncident.deleteMany({ where: { region: tag } });
    await db.$disconnect();
  });

  const get = (handler: (req: Request) => Promise<Response>, query: string, as = cookie) =>
    handler(new Request(`http://127.0.0.1/x?${query}`, { headers: { cookie: as } }));

  it("streams every run of the filtered, sorted view once, in the page's order, with durations", async () => {
    const res = await get(exportRuns, `search=${encodeURIComponent(`${tag} export`)}&status=succeeded&sort=attempts&dir=desc`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/filename="gristmill-runs-\d{8}T\d{6}\.csv"/);
    const rows = parse(await res.text(), { columns: true }) as Array<Record<string, string>>;
    const expected = runs.filter((r) => r.status === "succeeded").sort((a, b) => b.attempts - a.attempts || (a.id < b.id ? 1 : -1));
    expect(rows.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    expect(rows[0]).toMatchObject({ status: "succeeded", duration_ms: "1250", job: `${tag} export` });
  });

  it("exports the sensor list in its order, formula-like text defused", async () => {
    const res = await get(exportSensors, `region=${tag}&sort=key&dir=desc`, viewerCookie);
    expect(res.status).toBe(200);
    const rows = parse(await res.text(), { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => r.key)).toEqual([`${tag}-c`, `${tag}-b`, `${tag}-a`]);
    expect(rows[0]).toMatchObject({ name: "'+cmd c", unit: "°C", status: "OK" });
  });

  it("exports the incidents of the view in the chosen order", async () => {
    const ids = async (query: string) =>
      (parse(await (await get(exportAlerts, query, viewerCookie)).text(), { columns: true }) as Array<Record<string, string>>).map((r) => r.id);
    expect(await ids(`region=${tag}&status=open&sort=openedAt&dir=asc`)).toEqual([0, 1, 2, 3].map((i) => `inc_${tag}_${i}`));
    expect(await ids(`region=${tag}`)).toEqual([0, 1, 2, 3, 4].map((i) => `inc_${tag}_${i}`)); // last seen, newest first
    expect((await get(exportAlerts, "sort=severity", viewerCookie)).status).toBe(400);
  });

  it.each([
    ["sort=passwordHash", /sort/],
    ["dir=sideways", /dir/],
    ["status=exploded", /status/],
    [`search=${"x".repeat(201)}`, /search/],
    ["from=not-a-date", /from/],
  ])("refuses a hostile view %s with a 400 that names the field", async (query, field) => {
    const res = await get(exportRuns, query);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(field);
  });

  it("refuses the run history to a stakeholder and a bad sensor sort to anyone", async () => {
    expect((await get(exportRuns, "", viewerCookie)).status).toBe(403);
    expect((await get(exportSensors, "sort=key;drop", viewerCookie)).status).toBe(400);
  });
});
