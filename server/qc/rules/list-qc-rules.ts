import type { z } from "zod";
import type { Db } from "../../db";
import { describeRule } from "./describe-rule";
import { ruleTestName } from "./plan-rule-flags";
import { listQcRulesInput, qcRuleDefinition } from "./rule-schema";

/** A station's rules with their one-line reading and how many flags each has now. */
export async function listQcRules(db: Db, options: z.input<typeof listQcRulesInput>) {
  const { stationId } = listQcRulesInput.parse(options);
  const rules = await db.qcRule.findMany({ where: { stationId }, orderBy: { name: "asc" }, take: 200 });
  const counts = rules.length
    ? await db.sensorFlag.groupBy({ by: ["test"], where: { source: "auto", test: { in: rules.map((r) => ruleTestName(r.id)) } }, _count: { _all: true } })
    : [];
  const byTest = new Map(counts.map((c) => [c.test, c._count._all]));
  return rules.map((r) => {
    const definition = qcRuleDefinition.parse(r.definition);
    return { ...r, definition, text: describeRule(definition), flags: byTest.get(ruleTestName(r.id)) ?? 0 };
  });
}
