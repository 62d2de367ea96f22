import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser } from "@/tests/support/users";
import { createCaller } from "../api/root";
import type { SessionUser } from "../auth/session";
import { db } from "../db";

/** The QC configuration through tRPC: hostile input refused whole (nothing stored, nothing audited), roles enforced, changes audited. */
const tag = randomUUID().slice(0, 8);
const quantity = `qc_api_${tag}`;
let engineer: SessionUser;
let stakeholder: SessionUser;
const as = (user: SessionUser) => createCaller({ db, user, resHeaders: new Headers() });

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (err) {
    return err instanceof TRPCError ? err.code : `non-trpc:${(err as Error).message}`;
  }
}

const valid = { gross_range: { enabled: true, params: { failMin: 0, failMax: 75 } } };

beforeAll(async () => {
  engineer = (await createTestUser("ENGINEER")).user;
  stakeholder = (await createTestUser("STAKEHOLDER")).user;
});
afterAll(() => db.$disconnect());

describe("qc.setQuantityConfig", () => {
  const hostile: Array<[string, unknown]> = [
    ["NaN bound", { gross_range: { params: { failMin: Number.NaN, failMax: 10 } } }],
    ["Infinity bound", { gross_range: { params: { failMin: 0, failMax: Number.POSITIVE_INFINITY } } }],
    ["inverted fail range", { gross_range: { params: { failMin: 10, failMax: 0 } } }],
    ["suspect outside fail", { gross_range: { params: { failMin: 0, failMax: 10, suspectMax: 50 } } }],
    ["inverted flat-line windows", { flat_line: { params: { tolerance: 0, suspectSeconds: 7200, failSeconds: 3600 } } }],
    ["huge flat-line window", { flat_line: { params: { tolerance: 0, suspectSeconds: 600, failSeconds: 10 ** 12 } } }],
    ["huge drift window", { reference_drift: { params: { windowSeconds: 10 ** 9, suspectOffset: 1 } } }],
    ["negative tolerance", { flat_line: { params: { tolerance: -1, suspectSeconds: 600, failSeconds: 1200 } } }],
    ["unknown test name", { ...valid, drop_table: { params: {} } }],
    ["unknown parameter", { spike: { params: { suspect: 1, fail: 2, evil: "x" } } }],
    ["string for a number", { spike: { params: { suspect: "1", fail: 2 } } }],
    ["eleven climatology months", { climatology: { params: { months: Array(11).fill(null) } } }],
    ["ratio band without 1", { redundant_pair: { params: { suspectRatioMin: 1.2, suspectRatioMax: 1.5 } } }],
    ["missing params of an enabled test", { spike: { enabled: true } }],
    ["not an object", "gross_range"],
    ["array", [valid]],
  ];
  it.each(hostile)("refuses %s with BAD_REQUEST and stores nothing", async (_name, tests) => {
    expect(await codeOf(as(engineer).qc.setQuantityConfig({ quantity, tests } as never))).toBe("BAD_REQUEST");
    expect(await db.qcConfig.findUnique({ where: { quantity } })).toBeNull();
  });

  it("refuses a quantity name that is not a plain identifier", async () => {
    for (const q of ["", "Wind Speed", "x".repeat(65), "a'; DROP", "wind/speed"])
      expect(await codeOf(as(engineer).qc.setQuantityConfig({ quantity: q, tests: valid }))).toBe("BAD_REQUEST");
  });

  it("is FORBIDDEN for a stakeholder, who may still read it", async () => {
    expect(await codeOf(as(stakeholder).qc.setQuantityConfig({ quantity, tests: valid }))).toBe("FORBIDDEN");
    expect(await codeOf(as(stakeholder).qc.config())).toBeUndefined();
  });

  it("stores a valid one, audits it with before and after, and queues the re-evaluation", async () => {
    const result = await as(engineer).qc.setQuantityConfig({ quantity, tests: valid });
    expect(result.reevaluationRunId).toBeTruthy();
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: "qc.setQuantityConfig", targetId: `quantity:${quantity}` },
      orderBy: { at: "desc" },
    });
    expect(audit.after).toMatchObject({ gross_range: { enabled: true, params: { failMin: 0, failMax: 75 } } });
    const config = await as(stakeholder).qc.config();
    expect(config.quantities.find((q) => q.quantity === quantity)?.tests).toMatchObject(valid);
    expect(config.tests.map((t) => t.name)).toEqual([
      "gross_range",
      "flat_line",
      "spike",
      "rate_of_change",
      "time_gap",
      "duplicate_timestamps",
      "climatology",
      "redundant_pair",
      "reference_drift",
    ]);
    // The same again: no new run.
    expect((await as(engineer).qc.setQuantityConfig({ quantity, tests: valid })).reevaluationRunId).toBeNull();
  });
});

describe("qc.setPointConfig and qc.setOverride", () => {
  it("refuses an override that would make the merged parameters invalid", async () => {
    const station = await db.station.create({ data: { name: `QC api ${tag}`, slug: `qcapi${tag}`, type: "mast" } });
    const sensor = await db.sensor.create({
      data: { key: `qcapi${tag}.t2m`, name: "T2m", quantity, unit: "°C", infraType: "wind_mast", region: tag, site: tag },
    });
    const point = await db.measurementPoint.create({
      data: { stationId: station.id, sensorId: sensor.id, name: "T2m", quantity, statistic: "avg", unit: "°C" },
    });
    expect(await codeOf(as(engineer).qc.setPointConfig({ pointId: point.id, tests: { gross_range: { enabled: true, params: { failMin: 100 } } } }))).toBe(
      "BAD_REQUEST",
    );
    expect(await db.qcConfig.findUnique({ where: { pointId: point.id } })).toBeNull();
    await as(engineer).qc.setPointConfig({ pointId: point.id, tests: { gross_range: { enabled: true, params: { failMax: 50 } } } });
    expect((await db.qcConfig.findUniqueOrThrow({ where: { pointId: point.id } })).tests).toEqual({ gross_range: { enabled: true, params: { failMax: 50 } } });
    expect(await codeOf(as(engineer).qc.setPointConfig({ pointId: "nope", tests: {} }))).toBe("NOT_FOUND");
  });

  it("refuses override ranges that are inverted, too long or without a reason", async () => {
    const key = `qcapi${tag}.t2m`;
    const day = 86_400_000;
    expect(await codeOf(as(engineer).qc.setOverride({ key, from: new Date(2 * day), to: new Date(day), reason: "x" }))).toBe("BAD_REQUEST");
    expect(await codeOf(as(engineer).qc.setOverride({ key, from: new Date(0), to: new Date(800 * day), reason: "x" }))).toBe("BAD_REQUEST");
    expect(await codeOf(as(engineer).qc.setOverride({ key, from: new Date(0), to: new Date(day), reason: "  " }))).toBe("BAD_REQUEST");
    expect(await codeOf(as(engineer).qc.setOverride({ key: `${key}-absent`, from: new Date(0), to: new Date(day), reason: "ok" }))).toBe("NOT_FOUND");
    expect(await codeOf(as(stakeholder).qc.setOverride({ key, from: new Date(0), to: new Date(day), reason: "ok" }))).toBe("FORBIDDEN");
  });
});
