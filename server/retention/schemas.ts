import { z } from "zod";

export const dataClassKey = z.string().min(1).max(64);

export const previewRetentionChangeInput = z.object({
  dataClass: dataClassKey,
  days: z.number().int(),
});

export const updateRetentionPolicyInput = z.object({
  dataClass: dataClassKey,
  days: z.number().int(),
  /** Shortening removes data: the caller must have shown the count and had it confirmed. */
  confirmRemoval: z.boolean().default(false),
});

export const runRetentionPurgeInput = z.object({
  dryRun: z.boolean().default(false),
  batchSize: z.number().int().min(100).max(50_000).default(5_000),
  /** Only these classes; all when absent. */
  dataClasses: z.array(dataClassKey).min(1).optional(),
});
