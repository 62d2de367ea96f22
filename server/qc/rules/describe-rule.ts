import type { QcRuleDefinition, RuleCondition } from "./rule-schema";

const duration = (minutes: number) => (minutes % 1_440 === 0 ? `${minutes / 1_440} d` : minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`);

export function describeCondition(c: RuleCondition): string {
  const subject = c.of === "value" ? c.point : `${c.of}(${c.point}, ${duration(c.windowMinutes!)})`;
  return `${subject} ${c.op} ${c.value}`;
}

/** The rule as one line people read: "flag Spd80mN, Dir78mS (fail) while std(Spd80mN, 10 min) < 0.25 and T2m < 1 for 2 h". */
export function describeRule(d: QcRuleDefinition): string {
  const joiner = d.match === "all" ? " and " : " or ";
  const held = d.forMinutes > 0 ? ` for ${duration(d.forMinutes)}` : "";
  return `flag ${d.flag.join(", ")} (${d.severity}) while ${d.conditions.map(describeCondition).join(joiner)}${held}`;
}
