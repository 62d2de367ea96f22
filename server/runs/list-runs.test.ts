import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { listRuns } from "./list-runs";

const tag = `lr${randomUUID().slice(0, 8)}`;
const base = new Date("2031-05-01T12:00:00.000Z").getTime();
// 20 runs; pairs share a millisecond so the keyset must break ties on the id.
const rows = Array.from({ length: 20 }, (_, i) => ({
  id: `run_${tag}_${String(i).padStart(2, "0")}`,
  jobName: i % 2 ? `${tag} nightly` : `${tag} hourly`,
  kind: "sleep",
  params: { ms: i, note: i === 7 ? `needle-${tag} 100%_done` : "hay" },
  priority: "P2" as const,
  queue: "jobs",
  trigger: i % 4 === 0 ? ("manual" as const) : ("schedule" as const),
  status: i < 5 ? ("dead" as const) : ("succeeded" as const),
  queuedAt: new Date(base - Math.floor(i / 2) * 1_000),
  // Some never started; starts and attempts repeat so ties must be broken by the id.
  startedAt: i % 3 === 0 ? null : new Date(base + (i % 4) * 1_000),
  finishedAt: i % 5 === 0 ? null : new Date(base + (i % 6) * 2_000),
  attempts: i % 3,
}));
const ours = { from: new Date(base - 60_000), to: new Date(base) };

describe("run history", () => {
  beforeAll(() => db.jobRun.createMany({ data: rows }));
  afterAll(async () => {
    await db.jobRun.deleteMany({ where: { id: { startsWith: `run_${tag}` } } });
    await db.$disconnect();
  });

  it("pages newest first by keyset, every run exactly once, ties broken by id", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listRuns(db, { ...ours, limit: 7, cursor });
      seen.push(...page.runs.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const expected = [...rows].sort((a, b) => b.queuedAt.getTime() - a.queuedAt.getTime() || (a.id < b.id ? 1 : -1)).map((r) => r.id);
    expect(seen).toEqual(expected);
  });

  it.each([
    ["startedAt", "desc"],
    ["startedAt", "asc"],
    ["finishedAt", "desc"],
    ["finishedAt", "asc"],
    ["attempts", "asc"],
    ["attempts", "desc"],
    ["queuedAt", "asc"],
  ] as const)("pages by %s %s, a null as the largest value, every run exactly once", async (sort, dir) => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listRuns(db, { ...ours, sort, dir, limit: 3, cursor });
      seen.push(...page.runs.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const key = (r: (typeof rows)[number]) => {
      const v = r[sort];
      return v === null ? null : v instanceof Date ? v.getTime() : v;
    };
    const sign = dir === "asc" ? 1 : -1;
    const expected = [...rows]
      .sort((a, b) => {
        const [x, y] = [key(a), key(b)];
        if (x === null || y === null) return x === y ? sign * (a.id < b.id ? -1 : 1) : sign * (x === null ? 1 : -1);
        return sign * (x - y) || sign * (a.id < b.id ? -1 : 1);
      })
      .map((r) => r.id);
    expect(seen).toEqual(expected);
  });

  it("refuses a cursor that does not fit the order", async () => {
    await expect(listRuns(db, { sort: "attempts", cursor: "2031-05-01T12:00:00.000Z|run_x" })).rejects.toThrow(/Invalid cursor/);
    await expect(listRuns(db, { sort: "startedAt", cursor: "3|run_x" })).rejects.toThrow(/Invalid cursor/);
  });

  it("finds runs by id, by part of the job name and by text in the parameters, taking % and _ literally", async () => {
    expect((await listRuns(db, { search: rows[3].id })).runs.map((r) => r.id)).toEqual([rows[3].id]);
    expect((await listRuns(db, { ...ours, search: `${tag} NIGHT` })).runs).toHaveLength(10);
    expect((await listRuns(db, { search: `needle-${tag}` })).runs.map((r) => r.id)).toEqual([rows[7].id]);
    expect((await listRuns(db, { search: `${tag} 100%_done` })).runs.map((r) => r.id)).toEqual([rows[7].id]);
    expect((await listRuns(db, { search: `needle-${tag} 1_0` })).runs).toHaveLength(0); // unescaped, "_" would match the "0" of "100"
  });

  it("filters by status, trigger and time range together", async () => {
    const { runs } = await listRuns(db, { ...ours, status: "dead", trigger: "manual" });
    expect(runs.map((r) => r.id).sort()).toEqual([rows[0].id, rows[4].id]);
    const window = await listRuns(db, { from: new Date(base - 1_000), to: new Date(base), search: tag });
    expect(window.runs).toHaveLength(4);
  });

  it("refuses a forged cursor and a search too short for the index", async () => {
    await expect(listRuns(db, { cursor: "'; DROP TABLE x; --" })).rejects.toThrow(/Invalid cursor/);
    await expect(listRuns(db, { search: "ab" })).rejects.toThrow(/at least 3/);
  });
});
