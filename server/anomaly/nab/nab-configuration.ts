import { anomalyConfigSchema, type AnomalyConfig } from "../schemas";

/**
 * The one configuration the NAB evaluation uses for every file, seen or unseen. The detectors
 * are the worker's own; parameters were chosen on /work/shared/datasets/nab (25 files) by a
 * small hand search, not per file. NAB scores value anomalies only, so the sensor-health
 * detectors (gap, stuck, range) and the multi-day drift detector are off: a flat line, which
 * NAB calls normal, is a stuck sensor to us. One alert per sensor per two days at most, since
 * NAB charges every alert outside a window and its windows cover ~10% of a file.
 */
export const nabConfiguration: AnomalyConfig = anomalyConfigSchema.parse({
  bucketMs: 60 * 60_000,
  cooldownMs: 24 * 60 * 60_000,
  sensorCooldownMs: 2 * 24 * 60 * 60_000,
  seasonalGate: true,
  defaults: {
    gap: { enabled: false },
    threshold: { enabled: false },
    stuck: { enabled: false },
    drift: { enabled: false },
    seasonal: { params: { threshold: 5 } },
  },
});
