import type { z } from "zod";
import type { Prisma } from "../../db/generated/client";
import { recordChange } from "../../audit/audit-scope";
import { inTransaction, type Db } from "../../db";
import { DomainError, isUniqueViolation, notFound } from "../../errors";
import type { InfluxClient } from "../../influx/influx-client";
import { canonicalJson } from "../canonical-json";
import { REEVALUATE_DAYS, requestQcEvaluation } from "../request-qc-evaluation";
import { applyQcRule, removeRuleFlags } from "./apply-qc-rule";
import { resolveRulePoints } from "./plan-rule-flags";
import { qcRuleIdInput, RULE_PREVIEW_DAYS, saveQcRuleInput } from "./rule-schema";

const DAY = 86_400_000;

/**
 * Saves a station's rule (a changed definition raises its version) and evaluates it at once over the
 * preview's span, so what the preview showed is flagged when the call returns; the year before that is
 * re-judged by a qc-evaluate run. Points it no longer flags lose its flags; a disabled rule flags nothing.
 */
export async function saveQcRule(db: Db, options: z.input<typeof saveQcRuleInput> & { by: string; client?: InfluxClient; now?: number }) {
  const input = saveQcRuleInput.parse(options);
  const now = options.now ?? Date.now();
  const windowFrom = now - RULE_PREVIEW_DAYS * DAY;
  // The points are checked before anything is written: an unknown name is refused with nothing saved.
  await resolveRulePoints(db, { stationId: input.stationId, definition: input.definition, from: now, to: now });
  const rule = await inTransaction(db, async (tx) => {
    const before = input.id ? await tx.qcRule.findUnique({ where: { id: input.id } }) : null;
    if (input.id && (!before || before.stationId !== input.stationId)) throw notFound("QC rule");
    const changed = !before || canonicalJson(before.definition) !== canonicalJson(input.definition);
    const data = {
      name: input.name,
      description: input.description,
      enabled: input.enabled,
      definition: input.definition as Prisma.InputJsonValue,
      updatedBy: options.by,
    };
    try {
      const row = before
        ? await tx.qcRule.update({ where: { id: before.id }, data: { ...data, version: changed ? before.version + 1 : before.version } })
        : await tx.qcRule.create({ data: { ...data, stationId: input.stationId, createdBy: options.by } });
      recordChange({
        targetType: "qcRule",
        targetId: row.id,
        before: before ? { name: before.name, enabled: before.enabled, version: before.version, definition: before.definition } : null,
        after: { name: row.name, enabled: row.enabled, version: row.version, definition: input.definition },
      });
      return { row, changed: changed || before?.enabled !== input.enabled };
    } catch (err) {
      if (isUniqueViolation(err)) throw new DomainError("CONFLICT", `The station already has a rule named "${input.name}"`);
      throw err;
    }
  });
  if (!rule.row.enabled) {
    await removeRuleFlags(db, { ruleId: rule.row.id });
    return { rule: rule.row, flags: 0, reevaluationRunId: null };
  }
  const applied = await applyQcRule(db, { rule: rule.row, from: windowFrom, to: now, client: options.client });
  await removeRuleFlags(db, { ruleId: rule.row.id, exceptSensorIds: applied.targetSensorIds });
  const run = rule.changed
    ? await requestQcEvaluation(db, {
        sensorKeys: await targetKeys(db, rule.row.stationId, input.definition.flag),
        from: new Date(now - REEVALUATE_DAYS * DAY),
        to: new Date(windowFrom),
        triggeredBy: options.by,
        now,
      })
    : null;
  return { rule: rule.row, flags: applied.flags, reevaluationRunId: run?.id ?? null };
}

async function targetKeys(db: Db, stationId: string, points: readonly string[]): Promise<string[]> {
  const rows = await db.measurementPoint.findMany({ where: { stationId, name: { in: [...points] } }, select: { sensor: { select: { key: true } } } });
  return rows.map((r) => r.sensor.key);
}

/** Deletes a rule and takes back every flag it wrote. */
export async function deleteQcRule(db: Db, options: z.input<typeof qcRuleIdInput> & { by: string }) {
  const { id } = qcRuleIdInput.parse(options);
  const removed = await removeRuleFlags(db, { ruleId: id });
  await inTransaction(db, async (tx) => {
    const row = await tx.qcRule.findUnique({ where: { id } });
    if (!row) throw notFound("QC rule");
    await tx.qcRule.delete({ where: { id } });
    recordChange({ targetType: "qcRule", targetId: id, before: { name: row.name, version: row.version, definition: row.definition }, after: null });
  });
  return { id, flagsRemoved: removed };
}
