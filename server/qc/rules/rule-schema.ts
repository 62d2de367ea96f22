import { z } from "zod";

/** A point of the rule's station, by its name (Spd80mN, T2m …). */
const pointName = z.string().trim().min(1).max(64);

export const ruleStatistics = ["value", "mean", "std", "min", "max"] as const;
export const ruleOperators = ["<", "<=", ">", ">="] as const;

/**
 * One condition: a point's value, or its mean / standard deviation / min / max over the trailing
 * window (the readings in (t − window, t]), compared with a number in the point's calibrated unit.
 */
export const ruleCondition = z
  .object({
    point: pointName,
    of: z.enum(ruleStatistics).default("value"),
    windowMinutes: z.number().int().min(1).max(1_440).optional(),
    op: z.enum(ruleOperators),
    value: z.number().finite(),
  })
  .strict()
  .refine((c) => (c.of === "value") === (c.windowMinutes === undefined), {
    message: "A mean, std, min or max needs a window in minutes; a plain value takes none",
    path: ["windowMinutes"],
  });
export type RuleCondition = z.output<typeof ruleCondition>;

/**
 * A site's QC rule, as met-mast analysts write them: "icing: flag the 80 m speed and direction while
 * the 80 m speed's std over 10 min is below 0.25 m/s and the temperature below 1 °C, for 2 h".
 * The conditions are judged at the stamps of the first condition's point (a station's loggers share
 * their stamps); a stamp where a point has no reading fails that condition.
 */
export const qcRuleDefinition = z
  .object({
    flag: z.array(pointName).min(1, "Name at least one point to flag").max(24),
    match: z.enum(["all", "any"]).default("all"),
    conditions: z.array(ruleCondition).min(1, "Give at least one condition").max(8),
    /** The conditions must hold this long without a break before the range is flagged; 0 flags every stamp where they hold. */
    forMinutes: z
      .number()
      .int()
      .min(0)
      .max(7 * 1_440)
      .default(0),
    severity: z.enum(["suspect", "fail"]).default("fail"),
  })
  .strict()
  .refine((d) => new Set(d.flag).size === d.flag.length, { message: "A point is named twice", path: ["flag"] });
export type QcRuleDefinition = z.output<typeof qcRuleDefinition>;

const ruleName = z
  .string()
  .trim()
  .min(1, "Name the rule")
  .max(64)
  .regex(/^[\p{L}\p{N} _.()-]+$/u, "A rule's name is letters, digits, spaces and _ . ( ) -");
const id = z.string().min(1).max(64);

/** The span a preview looks back over, and that saving re-evaluates at once. */
export const RULE_PREVIEW_DAYS = 30;

export const previewQcRuleInput = z.object({ stationId: id, definition: qcRuleDefinition, days: z.number().int().min(1).max(31).default(RULE_PREVIEW_DAYS) });
export const saveQcRuleInput = z.object({
  stationId: id,
  id: id.optional(),
  name: ruleName,
  description: z.string().trim().max(500).default(""),
  enabled: z.boolean().default(true),
  definition: qcRuleDefinition,
});
export const qcRuleIdInput = z.object({ id });
export const listQcRulesInput = z.object({ stationId: id });
