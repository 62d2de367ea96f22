import { CronExpressionParser } from "cron-parser";
import { z } from "zod";
import { findJobKind } from "../catalog/job-kinds";
import { MAX_SCOPE_WEIGHT } from "../queues/fair-scope";

export const prioritySchema = z.enum(["P0", "P1", "P2", "P3", "P4"]);
export const complexitySchema = z.enum(["simple", "moderate", "complex"]);

const scheduleSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("none") }),
  z.object({
    type: z.literal("interval"),
    everyMs: z
      .number()
      .int()
      .min(1_000, "Interval must be at least 1 s")
      .max(31 * 86_400_000),
  }),
  z.object({ type: z.literal("cron"), cron: z.string().trim().min(1).max(120), timeZone: z.string().default("UTC") }),
]);

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const deadlineMsSchema = z
  .number()
  .int()
  .min(1_000, "Deadline must be at least 1 s")
  .max(7 * 86_400_000, "Deadline must be within 7 days");

export const jobDefinitionFields = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, "Name is required")
      .max(100)
      .regex(/^[\w .:/-]+$/, "Use letters, digits, spaces and . : / - _"),
    kind: z.string().min(1).max(64),
    params: z.record(z.string(), z.unknown()).default({}),
    priority: prioritySchema.default("P2"),
    complexity: complexitySchema.default("simple"),
    schedule: scheduleSchema.default({ type: "none" }),
    timeoutMs: z
      .number()
      .int()
      .min(1_000)
      .max(24 * 3_600_000)
      .default(600_000),
    maxAttempts: z.number().int().min(1).max(25).nullable().default(null),
    /** Its runs' weight in fair sharing with other scopes on their lane. */
    scopeWeight: z.number().int().min(1, "Weight is at least 1").max(MAX_SCOPE_WEIGHT, `Weight is at most ${MAX_SCOPE_WEIGHT}`).default(1),
    /** A run should be done this long after it is queued; null: no deadline (a schedule's firing is then due by the next). */
    deadlineMs: deadlineMsSchema.nullable().default(null),
    enabled: z.boolean().default(true),
  })
  .superRefine((value, ctx) => {
    const kind = findJobKind(value.kind);
    if (!kind) return void ctx.addIssue({ code: "custom", path: ["kind"], message: `Unknown job kind "${value.kind}"` });
    const params = kind.params.safeParse(value.params);
    if (!params.success) {
      for (const issue of params.error.issues) ctx.addIssue({ code: "custom", path: ["params", ...issue.path.map(String)], message: issue.message });
    }
    if (value.schedule.type === "cron") {
      if (!isTimeZone(value.schedule.timeZone))
        ctx.addIssue({ code: "custom", path: ["schedule", "timeZone"], message: `Unknown time zone "${value.schedule.timeZone}"` });
      else {
        try {
          CronExpressionParser.parse(value.schedule.cron, { tz: value.schedule.timeZone, strict: false });
        } catch (err) {
          ctx.addIssue({ code: "custom", path: ["schedule", "cron"], message: `Invalid cron expression: ${(err as Error).message}` });
        }
      }
    }
  });

export type JobDefinitionFields = z.output<typeof jobDefinitionFields>;

export const createJobDefinitionInput = jobDefinitionFields;
export const updateJobDefinitionInput = z.object({ id: z.string().min(1).max(64), fields: jobDefinitionFields });
export const definitionIdInput = z.object({ id: z.string().min(1).max(64) });
/** A manual run may carry its own deadline; without one it takes the definition's. */
export const runNowInput = definitionIdInput.extend({ deadlineMs: deadlineMsSchema.optional() });
export const setEnabledInput = z.object({ id: z.string().min(1).max(64), enabled: z.boolean() });

/** A jobs file from the console: its text (bounded again by parseJobsConfig), prune, and for apply the preview's basis. */
export const jobsConfigInput = z.object({
  yaml: z.string().max(600 * 1024, "The file is too large"),
  prune: z.boolean().default(false),
  basis: z
    .string()
    .regex(/^[0-9a-f]{32}$/)
    .optional(),
});
