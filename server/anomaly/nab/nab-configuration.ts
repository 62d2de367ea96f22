import { anomalyConfigSchema, type AnomalyConfig } from "../schemas";

/**
 * The one configuration the NAB evaluation uses for every file, seen or unseen: the shipped
 * `values` profile unchanged (the `novelty` detector with its defaults, the same in every profile).
 * NAB labels value anomalies only; the shipped default (`physical`) adds sensor-fault detectors that
 * first learn what the sensor does by itself, and is scored too (`--config default`). Parameters were
 * chosen on the 25 files in shared/datasets/nab (README, Anomaly detection), one configuration for all files.
 */
export const nabConfiguration: AnomalyConfig = anomalyConfigSchema.parse({ profile: "values" });
