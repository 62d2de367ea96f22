import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser } from "@/tests/support/users";
import { createCaller } from "../api/root";
import { db } from "../db";
import { searchConsole } from "./search-console";

const tag = `sc${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  await db.sensor.create({
    data: { id: `${tag}-s`, key: `${tag}.mast.wind`, name: `Mast ${tag}`, quantity: "wind", unit: "m/s", infraType: "mast", region: "north", site: "Hill" },
  });
  await db.jobRun.create({
    data: { id: `run_${tag}`, jobName: "nightly scan", kind: "sleep", params: { note: `needle-${tag}` }, priority: "P2", queue: "jobs", trigger: "manual" },
  });
  await db.deadLetter.create({
    data: { runId: `run_${tag}`, jobName: `dl ${tag}`, kind: "sleep", params: {}, lastError: "boom", errorGroup: `boom-${tag}`, attempts: 3 },
  });
  await db.alertIncident.create({
    data: {
      id: `inc_${tag}`,
      groupingKey: tag,
      sensorKey: `${tag}.mast.wind`,
      status: "open",
      severity: "critical",
      detectors: ["spike"],
      openedAt: new Date(),
      lastSeenAt: new Date(),
    },
  });
});
afterAll(async () => {
  await db.alertIncident.deleteMany({ where: { id: `inc_${tag}` } });
  await db.deadLetter.deleteMany({ where: { runId: `run_${tag}` } });
  await db.jobRun.deleteMany({ where: { id: `run_${tag}` } });
  await db.sensor.deleteMany({ where: { id: `${tag}-s` } });
  await db.$disconnect();
});

describe("console search (command palette)", () => {
  it("finds a sensor, its incident, a run by parameter text and by id, and the dead letter, for staff", async () => {
    const kinds = async (q: string) => (await searchConsole(db, "OPERATOR", { q })).map((h) => `${h.kind}:${h.id}`);
    expect(await kinds(`${tag}.mast`)).toEqual(expect.arrayContaining([`sensor:${tag}.mast.wind`, `incident:inc_${tag}`]));
    expect(await kinds(`needle-${tag}`)).toContain(`run:run_${tag}`);
    expect(await kinds(`run_${tag}`)).toEqual(expect.arrayContaining([`run:run_${tag}`]));
    const hits = await searchConsole(db, "ENGINEER", { q: `boom-${tag}` });
    expect(hits.map((h) => h.kind)).toEqual(["dead-letter"]);
    expect(hits[0].href).toMatch(/^\/dead-letters\?letter=/);
  });

  it("gives a stakeholder sensors and incidents, never runs, jobs or dead letters", async () => {
    const all = [
      ...(await searchConsole(db, "STAKEHOLDER", { q: tag })),
      ...(await searchConsole(db, "STAKEHOLDER", { q: `needle-${tag}` })),
      ...(await searchConsole(db, "STAKEHOLDER", { q: `boom-${tag}` })),
    ];
    expect(all.map((h) => h.kind).sort()).toEqual(["incident", "sensor"]);
  });

  it("refuses hostile input at the boundary with a clear error, and treats metacharacters as text", async () => {
    const { user } = await createTestUser("OPERATOR");
    const caller = createCaller({ db, user, resHeaders: new Headers() });
    const refused = async (input: unknown) => {
      try {
        await caller.search.query(input as { q: string });
        return "accepted";
      } catch (err) {
        return err instanceof TRPCError ? `${err.code}: ${err.message}` : `other: ${(err as Error).message}`;
      }
    };
    expect(await refused({ q: "x".repeat(101) })).toBe("BAD_REQUEST: q: At most 100 characters");
    expect(await refused({ q: "a" })).toBe("BAD_REQUEST: q: Type at least 2 characters");
    expect(await refused({ q: "   " })).toBe("BAD_REQUEST: q: Type at least 2 characters");
    expect(await refused({ q: 42 })).toMatch(/^BAD_REQUEST: q: /);
    expect(await refused({ q: "ok", limit: 10_000 })).toMatch(/^BAD_REQUEST: limit: /);
    expect(await refused({})).toMatch(/^BAD_REQUEST: q: /);
    expect(await refused({ q: "nul\u0000byte" })).toBe("BAD_REQUEST: q: Control characters are not allowed");
    // SQL, LIKE and regex metacharacters are searched for literally: no error, no match-everything.
    for (const q of ['\'; DROP TABLE "Sensor"; --', "%%", "__", ".*", "\\\\", "<script>alert(1)</script>"]) {
      const hits = await caller.search.query({ q });
      expect(hits.length, q).toBeLessThanOrEqual(30);
      expect(
        hits.some((h) => h.id.includes(tag)),
        q,
      ).toBe(false);
    }
    expect(await db.sensor.count({ where: { id: `${tag}-s` } })).toBe(1);
  });
});
