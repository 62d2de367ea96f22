import type { z } from "zod";
import type { Db } from "../db";
import type { InfluxClient } from "../influx/influx-client";
import { logger } from "../logger";
import { evaluateSensorQc } from "./evaluate-sensor-qc";
import { applyQcRule } from "./rules/apply-qc-rule";
import { runQcEvaluationInput } from "./schemas";

/** Sensors of a quantity: those measuring it, and the points of it (a point may name its quantity apart from its sensor's). */
export async function sensorsOfQuantity(db: Db, quantity: string): Promise<string[]> {
  const rows = await db.sensor.findMany({
    where: { OR: [{ quantity }, { point: { quantity } }] },
    select: { key: true },
    orderBy: { key: "asc" },
    take: 20_000,
  });
  return rows.map((r) => r.key);
}

/** Sensors of every quantity that has a QC default. */
async function sensorsOfConfiguredQuantities(db: Db): Promise<string[]> {
  const rows = await db.qcConfig.findMany({ where: { quantity: { not: null } }, select: { quantity: true } });
  const keys = new Set<string>();
  for (const r of rows) for (const k of await sensorsOfQuantity(db, r.quantity!)) keys.add(k);
  return [...keys].slice(0, 20_000);
}

/** The qc-evaluate job: each sensor evaluated (and committed) in turn, so a cancelled run leaves whole sensors done. */
export async function runQcEvaluation(
  db: Db,
  options: z.input<typeof runQcEvaluationInput> & { client?: InfluxClient; signal?: AbortSignal; onProgress?: (percent: number) => void; now?: number },
) {
  const input = runQcEvaluationInput.parse({
    sensorKeys: options.sensorKeys,
    quantity: options.quantity,
    from: options.from,
    to: options.to,
    lastHours: options.lastHours,
  });
  const now = options.now ?? Date.now();
  const from = input.from ?? new Date(now - input.lastHours! * 3_600_000);
  const to = input.to ?? new Date(now);
  const keys = input.sensorKeys ?? (input.quantity ? await sensorsOfQuantity(db, input.quantity) : await sensorsOfConfiguredQuantities(db));
  let flags = 0;
  let changed = 0;
  let skipped = 0;
  for (const [i, key] of keys.entries()) {
    options.signal?.throwIfAborted();
    try {
      const result = await evaluateSensorQc(db, { key, from, to, client: options.client });
      flags += result.flags;
      if (result.changed) changed++;
    } catch (err) {
      // One sensor's bad parameters must not stop the others; its flags stay as they were.
      skipped++;
      logger.warn({ sensorKey: key, err: (err as Error).message }, "qc evaluation of a sensor failed");
    }
    options.onProgress?.(((i + 1) / keys.length) * 100);
  }
  const rules = await rulesTouching(db, input.sensorKeys || input.quantity ? keys : null);
  for (const rule of rules) {
    options.signal?.throwIfAborted();
    try {
      const result = await applyQcRule(db, { rule, from: from.getTime(), to: to.getTime(), client: options.client });
      flags += result.flags;
    } catch (err) {
      skipped++;
      logger.warn({ ruleId: rule.id, stationId: rule.stationId, err: (err as Error).message }, "qc evaluation of a site rule failed");
    }
  }
  return { sensors: keys.length, rules: rules.length, changed, skipped, flags };
}

/** Enabled site rules whose station has one of these sensors as a point (null: every enabled rule). */
function rulesTouching(db: Db, sensorKeys: readonly string[] | null) {
  return db.qcRule.findMany({
    where: { enabled: true, ...(sensorKeys ? { station: { points: { some: { sensor: { key: { in: [...sensorKeys] } } } } } } : {}) },
    orderBy: { id: "asc" },
    take: 1_000,
  });
}
