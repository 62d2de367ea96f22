import { anomalyConfigSchema, type AnomalyConfig } from "../schemas";

/**
 * The one configuration the NAB evaluation uses for every file, seen or unseen: the scan's shipped
 * default, unchanged (the `physical` profile: `novelty`, which is what NAB labels, plus the sensor-fault
 * detectors, which first learn what the sensor does by itself). One product, not a benchmark mode.
 * `--config values` scores novelty alone. Parameters were chosen on the 25 files in shared/datasets/nab
 * (README, Anomaly detection), one configuration for all files.
 */
export const nabConfiguration: AnomalyConfig = anomalyConfigSchema.parse({});
