import { z } from "zod";
import { isWellFormedTemplate, MAX_CONCURRENCY_KEY_CHARS, templateFields } from "./concurrency-key";
import { FIELD_NAME, fieldNamesOf, triggerEventSchema, triggerFilterSchemas } from "./trigger-events";

const fieldName = z.string().regex(FIELD_NAME, "letters, digits and _ (at most 64), not starting with a digit");

/**
 * A trigger as the console and a jobs file write it (no id, token or times). The filter is checked by
 * its event's filter schema, mapped fields and key placeholders against the event's fields; the mapped
 * parameters against the job kind's schema when it is saved (saveJobTrigger), knowing the definition.
 */
export const triggerFields = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, "Name is required")
      .max(100)
      .regex(/^[\w .:/-]+$/, "Use letters, digits, spaces and . : / - _"),
    event: triggerEventSchema,
    filter: z.record(z.string().max(64), z.unknown()).default({}),
    paramMap: z
      .record(fieldName, fieldName)
      .refine((m) => Object.keys(m).length <= 32, "at most 32 mapped parameters")
      .default({}),
    debounceSeconds: z.number().int().min(0).max(86_400).default(0),
    concurrencyKey: z
      .string()
      .trim()
      .max(MAX_CONCURRENCY_KEY_CHARS)
      .refine(isWellFormedTemplate, "braces only around a field name, e.g. {sensorKey}")
      .default(""),
    maxConcurrent: z.number().int().min(1).max(100).nullable().default(null),
    overflow: z.enum(["queue", "drop"]).default("queue"),
    enabled: z.boolean().default(true),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (!(value.event in triggerFilterSchemas)) return; // refused by the event's own schema
    const filter = triggerFilterSchemas[value.event].safeParse(value.filter);
    if (!filter.success)
      for (const issue of filter.error.issues) ctx.addIssue({ code: "custom", path: ["filter", ...issue.path.map(String)], message: issue.message });
    const known = fieldNamesOf(value.event);
    if (!known) return;
    for (const [param, field] of Object.entries(value.paramMap)) {
      if (!known.includes(field))
        ctx.addIssue({ code: "custom", path: ["paramMap", param], message: `${value.event} has no field "${field}" (it has: ${known.join(", ")})` });
    }
    for (const field of templateFields(value.concurrencyKey)) {
      if (!known.includes(field)) ctx.addIssue({ code: "custom", path: ["concurrencyKey"], message: `${value.event} has no field "${field}"` });
    }
  })
  // The filter as its schema reads it (values trimmed), so the same filter always compares (and exports) the same.
  .transform((value) => ({ ...value, filter: triggerFilterSchemas[value.event].parse(value.filter) as Record<string, string> }));

export type TriggerFields = z.output<typeof triggerFields>;

const triggerId = z.string().min(1).max(64);
export const createTriggerInput = z.object({ definitionId: z.string().min(1).max(64), fields: triggerFields });
export const updateTriggerInput = z.object({ id: triggerId, fields: triggerFields });
export const triggerIdInput = z.object({ id: triggerId });
export const setTriggerEnabledInput = z.object({ id: triggerId, enabled: z.boolean() });
export const listTriggersInput = z.object({ definitionId: z.string().min(1).max(64) });
export const listFiringsInput = z.object({ definitionId: z.string().min(1).max(64), limit: z.number().int().min(1).max(200).default(50) });
