import type { Prisma } from "../db/generated/client";
import { recordChange } from "../audit/audit-scope";
import { noteSensorCorrection } from "../coverage/note-sensor-correction";
import { inTransaction, type Db } from "../db";
import { canonicalJson } from "./canonical-json";
import { subtractRanges } from "./codes-to-ranges";
import type { AutoFlag } from "./run-qc-tests";

/** Kept here, the lowest layer that needs it: a site rule's flags carry test "rule:<id>" (server/qc/rules). */
export const RULE_TEST_PREFIX = "rule:";

const identity = (f: AutoFlag) => `${f.from}|${f.to}|${f.test}|${f.testVersion}|${f.severity}|${canonicalJson(f.params)}`;

const reasonOf = (f: AutoFlag) =>
  f.test.startsWith(RULE_TEST_PREFIX) ? `QC rule "${String(f.params.rule)}" v${f.testVersion}: ${f.severity}` : `QC ${f.test} v${f.testVersion}: ${f.severity}`;

/**
 * The sensor's auto flags over [from, to] become exactly `flags`, in one transaction: those inside go,
 * those straddling an edge keep their part outside. Manual flags are never touched. Nothing is written
 * when the result is the same (a re-run with unchanged parameters), so reports are not marked stale for nothing.
 * Without `test` this is the QC tests' flags (a site rule's are its own); with it, that one rule's.
 */
export async function replaceAutoFlags(
  db: Db,
  options: { sensorId: string; sensorKey: string; from: number; to: number; flags: readonly AutoFlag[]; test?: string },
): Promise<{ changed: boolean; written: number; removed: number }> {
  const { sensorId, sensorKey, from, to } = options;
  const owned: Prisma.SensorFlagWhereInput = options.test ? { test: options.test } : { NOT: { test: { startsWith: RULE_TEST_PREFIX } } };
  return inTransaction(db, async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`qc:${sensorId}`}))`;
    const existing = await tx.sensorFlag.findMany({
      where: { sensorId, source: "auto", from: { lte: new Date(to) }, to: { gte: new Date(from) }, ...owned },
      select: { id: true, from: true, to: true, test: true, testVersion: true, severity: true, params: true },
    });
    const before: AutoFlag[] = existing.map((f) => ({
      from: f.from.getTime(),
      to: f.to.getTime(),
      test: f.test ?? "",
      testVersion: f.testVersion ?? 0,
      severity: f.severity,
      params: (f.params ?? {}) as Record<string, unknown>,
    }));
    const outside = subtractRanges(before, [{ from, to }]);
    const after = [...outside, ...options.flags];
    const same = before.map(identity).sort().join("\n") === after.map(identity).sort().join("\n");
    if (same) return { changed: false, written: 0, removed: 0 };
    await tx.sensorFlag.deleteMany({ where: { id: { in: existing.map((f) => f.id) } } });
    const rows: Prisma.SensorFlagCreateManyInput[] = after.map((f) => ({
      sensorId,
      from: new Date(f.from),
      to: new Date(f.to),
      reason: reasonOf(f),
      createdBy: "qc",
      source: "auto",
      severity: f.severity,
      test: f.test,
      testVersion: f.testVersion,
      params: f.params as Prisma.InputJsonValue,
    }));
    for (let i = 0; i < rows.length; i += 5_000) await tx.sensorFlag.createMany({ data: rows.slice(i, i + 5_000) });
    await noteSensorCorrection(tx, { sensorKey, from, to, reason: "qc" });
    const byTest: Record<string, number> = {};
    for (const f of options.flags) byTest[f.test] = (byTest[f.test] ?? 0) + 1;
    recordChange({
      targetType: "sensorAutoFlags",
      targetId: sensorKey,
      before: { flags: existing.length },
      after: { from: new Date(from), to: new Date(to), flags: options.flags.length, byTest },
    });
    return { changed: true, written: options.flags.length, removed: existing.length - outside.length };
  });
}
