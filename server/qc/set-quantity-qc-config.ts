import type { z } from "zod";
import type { Prisma } from "../db/generated/client";
import { recordChange } from "../audit/audit-scope";
import { inTransaction, type Db } from "../db";
import { canonicalJson } from "./canonical-json";
import { requestQcEvaluation } from "./request-qc-evaluation";
import { setQuantityQcConfigInput } from "./schemas";

/** Sets a quantity's default QC tests and re-evaluates its sensors' last year when they changed. */
export async function setQuantityQcConfig(db: Db, options: z.input<typeof setQuantityQcConfigInput> & { by: string }) {
  const { quantity, tests } = setQuantityQcConfigInput.parse(options);
  return inTransaction(db, async (tx) => {
    const before = await tx.qcConfig.findUnique({ where: { quantity } });
    const row = await tx.qcConfig.upsert({
      where: { quantity },
      create: { quantity, tests: tests as Prisma.InputJsonValue, updatedBy: options.by },
      update: { tests: tests as Prisma.InputJsonValue, updatedBy: options.by },
    });
    recordChange({ targetType: "qcConfig", targetId: `quantity:${quantity}`, before: before?.tests ?? null, after: tests });
    const changed = canonicalJson(before?.tests ?? null) !== canonicalJson(tests);
    const run = changed ? await requestQcEvaluation(tx, { quantity, triggeredBy: options.by }) : null;
    return { config: row, reevaluationRunId: run?.id ?? null };
  });
}
