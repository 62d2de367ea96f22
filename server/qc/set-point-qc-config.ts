import type { z } from "zod";
import type { Prisma } from "../db/generated/client";
import { recordChange } from "../audit/audit-scope";
import { inTransaction, type Db } from "../db";
import { DomainError, notFound } from "../errors";
import { parseStoredQcTests, resolveQcTests } from "./resolve-qc-tests";
import { requestQcEvaluation } from "./request-qc-evaluation";
import { clearPointQcConfigInput, setPointQcConfigInput } from "./schemas";

/**
 * Sets a measurement point's overrides of its quantity's QC tests. Refused when a test it enables
 * would run with invalid parameters once merged with the default; re-evaluates the point's last year.
 */
export async function setPointQcConfig(db: Db, options: z.input<typeof setPointQcConfigInput> & { by: string }) {
  const { pointId, tests } = setPointQcConfigInput.parse(options);
  return inTransaction(db, async (tx) => {
    const point = await tx.measurementPoint.findUnique({
      where: { id: pointId },
      select: { quantity: true, sensor: { select: { key: true } }, qcConfig: true },
    });
    if (!point) throw notFound("Measurement point");
    const base = await tx.qcConfig.findUnique({ where: { quantity: point.quantity } });
    const { invalid } = resolveQcTests(parseStoredQcTests(base?.tests), tests);
    if (invalid.length) throw new DomainError("INVALID", invalid.map((i) => `${i.name}: ${i.message}`).join(". "), { field: "tests" });
    const row = await tx.qcConfig.upsert({
      where: { pointId },
      create: { pointId, tests: tests as Prisma.InputJsonValue, updatedBy: options.by },
      update: { tests: tests as Prisma.InputJsonValue, updatedBy: options.by },
    });
    recordChange({ targetType: "qcConfig", targetId: `point:${pointId}`, before: point.qcConfig?.tests ?? null, after: tests });
    const run = await requestQcEvaluation(tx, { sensorKeys: [point.sensor.key], triggeredBy: options.by });
    return { config: row, reevaluationRunId: run.id };
  });
}

/** Drops a point's overrides: it runs its quantity's defaults again. */
export async function clearPointQcConfig(db: Db, options: z.input<typeof clearPointQcConfigInput> & { by: string }) {
  const { pointId } = clearPointQcConfigInput.parse(options);
  return inTransaction(db, async (tx) => {
    const row = await tx.qcConfig.findUnique({ where: { pointId }, include: { point: { select: { sensor: { select: { key: true } } } } } });
    if (!row) throw notFound("Point QC configuration");
    await tx.qcConfig.delete({ where: { pointId } });
    recordChange({ targetType: "qcConfig", targetId: `point:${pointId}`, before: row.tests, after: null });
    const run = await requestQcEvaluation(tx, { sensorKeys: [row.point!.sensor.key], triggeredBy: options.by });
    return { pointId, reevaluationRunId: run.id };
  });
}
