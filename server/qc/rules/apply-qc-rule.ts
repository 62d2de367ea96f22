import type { Db } from "../../db";
import type { InfluxClient } from "../../influx/influx-client";
import { replaceAutoFlags } from "../replace-auto-flags";
import { planRuleFlags, ruleTestName } from "./plan-rule-flags";
import { qcRuleDefinition } from "./rule-schema";

interface StoredRule {
  id: string;
  stationId: string;
  name: string;
  version: number;
  enabled: boolean;
  definition: unknown;
}

/** Takes every flag a rule wrote back, on every sensor (a disabled or deleted rule, or points it no longer flags). */
export async function removeRuleFlags(db: Db, options: { ruleId: string; exceptSensorIds?: readonly string[] }): Promise<number> {
  const spans = await db.sensorFlag.groupBy({
    by: ["sensorId"],
    where: { source: "auto", test: ruleTestName(options.ruleId), sensorId: { notIn: [...(options.exceptSensorIds ?? [])] } },
    _min: { from: true },
    _max: { to: true },
  });
  const keys = new Map(
    (await db.sensor.findMany({ where: { id: { in: spans.map((s) => s.sensorId) } }, select: { id: true, key: true } })).map((s) => [s.id, s.key]),
  );
  let removed = 0;
  for (const s of spans) {
    const sensorKey = keys.get(s.sensorId);
    if (!sensorKey) continue;
    const result = await replaceAutoFlags(db, {
      sensorId: s.sensorId,
      sensorKey,
      from: s._min.from!.getTime(),
      to: s._max.to!.getTime(),
      flags: [],
      test: ruleTestName(options.ruleId),
    });
    removed += result.removed;
  }
  return removed;
}

/** Makes a rule's flags over [from, to] exactly what it finds now (none when disabled); each target point in its own transaction. */
export async function applyQcRule(db: Db, options: { rule: StoredRule; from: number; to: number; client?: InfluxClient }) {
  const { rule } = options;
  if (!rule.enabled) return { flags: 0, changed: 0 };
  const plan = await planRuleFlags(db, {
    stationId: rule.stationId,
    definition: qcRuleDefinition.parse(rule.definition),
    rule,
    from: options.from,
    to: options.to,
    client: options.client,
  });
  let flags = 0;
  let changed = 0;
  for (const target of plan.targets) {
    const result = await replaceAutoFlags(db, {
      sensorId: target.sensorId,
      sensorKey: target.sensorKey,
      from: options.from,
      to: options.to,
      flags: target.flags,
      test: ruleTestName(rule.id),
    });
    flags += target.flags.length;
    if (result.changed) changed++;
  }
  return { flags, changed, targetSensorIds: plan.targets.map((t) => t.sensorId) };
}
