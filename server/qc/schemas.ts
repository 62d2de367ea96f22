import { z } from "zod";
import { sensorKeySchema } from "../sensors/schemas";
import { qcTests, type QcTestName } from "./tests/registry";

/** One test's entry in a config: enabled or not, and its parameters (a point override may give only some). */
const entry = z.object({ enabled: z.boolean().default(true), params: z.record(z.string().max(64), z.unknown()).default({}) }).strict();

/** Test name -> entry; an unknown test name is refused. At most one entry per test, so the size is bounded. */
export const qcTestsConfig = z
  .object(Object.fromEntries(Object.keys(qcTests).map((name) => [name, entry.optional()])) as Record<QcTestName, z.ZodOptional<typeof entry>>)
  .strict();
export type QcTestsConfig = z.output<typeof qcTestsConfig>;

/** A quantity's default configuration must give every enabled test its full, valid parameters. */
export const quantityQcConfig = qcTestsConfig.superRefine((config, ctx) => {
  for (const [name, e] of Object.entries(config) as Array<[QcTestName, z.output<typeof entry> | undefined]>) {
    if (!e?.enabled) continue;
    const parsed = qcTests[name].params.safeParse(e.params);
    if (!parsed.success)
      for (const issue of parsed.error.issues)
        ctx.addIssue({ code: "custom", message: `${name}: ${issue.message}`, path: [name, "params", ...issue.path.map(String)] });
  }
});

const quantity = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9_]+$/, "A quantity is lower-case letters, digits and _");

export const setQuantityQcConfigInput = z.object({ quantity, tests: quantityQcConfig });
export const setPointQcConfigInput = z.object({ pointId: z.string().min(1).max(64), tests: qcTestsConfig });
export const clearPointQcConfigInput = z.object({ pointId: z.string().min(1).max(64) });
export const getQcConfigInput = z.object({ quantity: quantity.optional() });

const range = { from: z.coerce.date(), to: z.coerce.date() };
const MAX_RANGE_MS = 2 * 366 * 86_400_000;
const boundedRange = <T extends { from: Date; to: Date }>(v: T) => v.from < v.to && v.to.getTime() - v.from.getTime() <= MAX_RANGE_MS;
const rangeMessage = { message: "The range must end after it starts and span at most two years", path: ["to"] };

export const evaluateSensorQcInput = z.object({ key: sensorKeySchema, ...range }).refine(boundedRange, rangeMessage);
/**
 * The qc-evaluate job: some sensors, every sensor of a quantity, or (neither) every sensor of every
 * configured quantity; over [from, to], or the last hours before it runs (what a schedule uses).
 */
export const runQcEvaluationInput = z
  .object({
    sensorKeys: z.array(sensorKeySchema).min(1).max(5_000).optional(),
    quantity: quantity.optional(),
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
    lastHours: z
      .number()
      .int()
      .min(1)
      .max(31 * 24)
      .optional(),
  })
  .strict()
  .refine((v) => v.sensorKeys === undefined || v.quantity === undefined, { message: "Give sensorKeys or a quantity, not both", path: ["quantity"] })
  .refine((v) => (v.lastHours !== undefined) !== (v.from !== undefined && v.to !== undefined) && (v.from === undefined) === (v.to === undefined), {
    message: "Give from and to, or lastHours",
    path: ["lastHours"],
  })
  .refine((v) => v.from === undefined || boundedRange(v as { from: Date; to: Date }), rangeMessage);
export const listAutoFlagsInput = z.object({
  key: sensorKeySchema,
  test: z.string().max(64).optional(),
  limit: z.number().int().min(1).max(1_000).default(200),
  cursor: z.string().max(64).optional(),
});
export const setQcOverrideInput = z
  .object({ key: sensorKeySchema, ...range, reason: z.string().trim().min(1, "Say why these readings are good").max(500) })
  .refine(boundedRange, rangeMessage);
export const removeQcOverrideInput = z.object({ id: z.string().min(1).max(64) });
export const reevaluateQcInput = z.object({ sensorKeys: z.array(sensorKeySchema).min(1).max(100), ...range }).refine(boundedRange, rangeMessage);
