import { z } from "zod";
import { anomalyProfileNames, type AnomalyProfileName } from "./anomaly-profiles";
import { detectorNames, detectorRegistry, type DetectorName } from "./detectors/registry";

/** One detector's override: switch it on or off, and change some of its parameters. */
export const detectorSettingSchema = z
  .object({
    enabled: z.boolean().optional(),
    params: z.record(z.string().max(64), z.number().finite()).optional(),
  })
  .strict();
export type DetectorSetting = z.infer<typeof detectorSettingSchema>;

const detectorNameSchema = z.enum(detectorNames as [DetectorName, ...DetectorName[]]);

/** Overrides for some detectors; every override is checked against its detector's own schema. */
export const detectorSettingsSchema = z.partialRecord(detectorNameSchema, detectorSettingSchema).superRefine((settings, ctx) => {
  for (const [name, setting] of Object.entries(settings)) {
    if (!setting?.params) continue;
    const result = detectorRegistry[name as DetectorName].params.safeParse(setting.params);
    if (!result.success) {
      for (const issue of result.error.issues) ctx.addIssue({ code: "custom", path: [name, "params", ...issue.path.map(String)], message: issue.message });
    }
    const schema = detectorRegistry[name as DetectorName].params;
    const known = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
    for (const key of Object.keys(setting.params)) {
      if (known.length > 0 && !known.includes(key)) ctx.addIssue({ code: "custom", path: [name, "params", key], message: `unknown parameter for ${name}` });
    }
  }
});
export type DetectorSettings = z.infer<typeof detectorSettingsSchema>;

const sensorKeySchema = z.string().min(1).max(200);
export const anomalyProfileNameSchema = z.enum(anomalyProfileNames as [AnomalyProfileName, ...AnomalyProfileName[]]);

/**
 * How a scan judges readings: a named profile per sensor (the sensor's, else its quantity's, else
 * `profile`), then defaults for all sensors, overridden per quantity, then per sensor (the most
 * specific wins, parameter by parameter).
 */
export const anomalyConfigSchema = z
  .object({
    /** Alerts are keyed by (sensor, detector, time bucket): one alert per bucket however many readings fire. */
    bucketMs: z
      .number()
      .int()
      .min(1000)
      .max(7 * 86_400_000)
      .default(15 * 60_000),
    /**
     * After an alert a detector raises no new alert for the same sensor this long: one alert per event
     * (a fault's aftermath, a signal settling, is the same event). A condition keyed by its start (a
     * silence, a stuck run) still updates its own alert.
     */
    cooldownMs: z
      .number()
      .int()
      .min(0)
      .max(7 * 86_400_000)
      .default(6 * 3_600_000),
    /** After any alert, all detectors of that sensor stay silent this long (0: off). */
    sensorCooldownMs: z
      .number()
      .int()
      .min(0)
      .max(7 * 86_400_000)
      .default(0),
    /**
     * After a sensor-fault alert (any detector but those that learn from history), `novelty` stays
     * silent this long for that sensor: what it learned during the fault echoes when the sensor recovers.
     */
    quietAfterFaultMs: z
      .number()
      .int()
      .min(0)
      .max(7 * 86_400_000)
      .default(86_400_000),
    /** Spike and level-shift alerts are dropped on readings the seasonal profile calls usual for the time of day. */
    seasonalGate: z.boolean().default(false),
    /** The named profile (anomaly-profiles.ts) every sensor starts from; per quantity and per sensor below. */
    profile: anomalyProfileNameSchema.default("physical"),
    quantityProfiles: z.record(z.string().min(1).max(100), anomalyProfileNameSchema).default({}),
    sensorProfiles: z.record(sensorKeySchema, anomalyProfileNameSchema).default({}),
    defaults: detectorSettingsSchema.default({}),
    quantities: z.record(z.string().min(1).max(100), detectorSettingsSchema).default({}),
    sensors: z.record(sensorKeySchema, detectorSettingsSchema).default({}),
  })
  .strict();
export type AnomalyConfig = z.infer<typeof anomalyConfigSchema>;
export type AnomalyConfigInput = z.input<typeof anomalyConfigSchema>;

export const sensorRefSchema = z.object({ sensorKey: sensorKeySchema, quantity: z.string().max(100).optional() });
export type SensorRef = z.infer<typeof sensorRefSchema>;
