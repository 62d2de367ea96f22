import { z } from "zod";
import { anomalyConfigSchema } from "../anomaly/schemas";

const label = z.string().trim().min(1).max(100);

/** Parameters of the `anomaly-scan` job kind: which sensors, how late readings may come, how detectors judge. */
export const anomalyScanParams = z
  .object({
    infraType: label.optional(),
    region: label.optional(),
    quantity: label.optional(),
    /** Names the watermark and detector state; scans of different scopes need different keys. Derived from the scope when absent. */
    scanKey: z
      .string()
      .regex(/^[\w:.*-]+$/)
      .max(200)
      .optional(),
    allowedLatenessMs: z.number().int().min(0).max(86_400_000).default(30_000),
    initialLookbackMs: z
      .number()
      .int()
      .min(60_000)
      .max(7 * 86_400_000)
      .default(3_600_000),
    snapshotEvery: z.number().int().min(1).max(1_000).default(20),
    quietMs: z
      .number()
      .int()
      .min(60_000)
      .max(7 * 86_400_000)
      .default(30 * 60_000),
    /** History a sensor new to the scan learns from before its first window (no alerts from it). */
    warmupMs: z
      .number()
      .int()
      .min(0)
      .max(7 * 86_400_000)
      .default(2 * 3_600_000),
    config: anomalyConfigSchema.prefault({}),
  })
  .strict();

export type AnomalyScanParams = z.infer<typeof anomalyScanParams>;
