import type { z } from "zod";
import type { Db } from "../db";
import { notFound } from "../errors";
import { listAutoFlagsInput } from "./schemas";

/** A sensor's auto flags, newest first, a page at a time, with its manual "good" overrides. */
export async function listAutoFlags(db: Db, options: z.input<typeof listAutoFlagsInput>) {
  const { key, test, limit, cursor } = listAutoFlagsInput.parse(options);
  const sensor = await db.sensor.findUnique({ where: { key }, select: { id: true } });
  if (!sensor) throw notFound("Sensor");
  const [rows, overrides, counts] = await Promise.all([
    db.sensorFlag.findMany({
      where: { sensorId: sensor.id, source: "auto", ...(test ? { test } : {}) },
      orderBy: [{ from: "desc" }, { id: "desc" }],
      take: limit + 1,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: { id: true, from: true, to: true, severity: true, test: true, testVersion: true, params: true, createdAt: true },
    }),
    db.sensorQcOverride.findMany({ where: { sensorId: sensor.id }, orderBy: { from: "desc" }, take: 200 }),
    db.sensorFlag.groupBy({ by: ["test", "severity"], where: { sensorId: sensor.id, source: "auto" }, _count: { _all: true } }),
  ]);
  return {
    flags: rows.slice(0, limit),
    nextCursor: rows.length > limit ? rows[limit - 1].id : null,
    overrides,
    counts: counts.map((c) => ({ test: c.test, severity: c.severity, count: c._count._all })),
  };
}
