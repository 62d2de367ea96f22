import type { DetectorName } from "./detectors/registry";

interface ProfileSetting {
  enabled?: boolean;
  params?: Record<string, number>;
}

export interface AnomalyProfile {
  description: string;
  /** The profile's detector settings; a config's defaults, quantity and sensor layers go on top. */
  detectors: Partial<Record<DetectorName, ProfileSetting>>;
}

const off = { enabled: false } as const;
/**
 * The fault detectors first learn, for 600 readings (≈ NAB's probation; two days of 5-minute
 * readings), the largest run, spike, shift, drift and silence the sensor produces by itself; a fault
 * must then exceed three times that. A flat line, a square wave or irregular sampling is then the
 * signal, not a fault.
 */
const learn = { learnFor: 600, learnMargin: 3 };

/**
 * What operators choose per quantity or sensor. Every profile runs the calibrated `novelty`
 * detector the same way; they differ in which sensor-fault detectors make sense for the kind
 * of signal. Each one is scored by `npm run eval:nab -- --config <name>` and `npm run eval:simulated`.
 */
export const anomalyProfiles = {
  physical: {
    description:
      "Physical sensor (temperature, pressure, flow, level): improbable values and patterns, plus faults: out of range, spike, stuck, silent, drift.",
    // Fault detectors catch what physical sensors do wrong, once they know what the sensor does by
    // itself; novelty runs as in every profile, silent for a day after a fault alert. The shipped default
    // and the NAB configuration (nab/nab-configuration.ts).
    detectors: {
      seasonal: off,
      spike: { params: { threshold: 12, criticalAt: 24, ...learn } },
      level_shift: { params: learn },
      drift: { params: { threshold: 3, ...learn, learnFor: 168 } },
      stuck: { params: learn },
      gap: { params: learn },
    },
  },
  traffic: {
    description: "Count or traffic (vehicles, requests, occupancy): improbable values and patterns, out of range and silence; repeats and zeros are normal.",
    detectors: { spike: off, level_shift: off, seasonal: off, stuck: off, drift: off, gap: { params: learn } },
  },
  utilisation: {
    description: "Utilisation (CPU, load, % busy): improbable values and patterns and silence; plateaus and slow trends are normal.",
    detectors: { spike: off, level_shift: off, seasonal: off, stuck: off, drift: off, threshold: off, gap: { params: learn } },
  },
  values: {
    description: "Values only, as the NAB benchmark labels anomalies: improbable values and patterns, no sensor-fault detectors.",
    detectors: { spike: off, level_shift: off, seasonal: off, stuck: off, drift: off, threshold: off, gap: off },
  },
} as const satisfies Record<string, AnomalyProfile>;

export type AnomalyProfileName = keyof typeof anomalyProfiles;
export const anomalyProfileNames = Object.keys(anomalyProfiles) as AnomalyProfileName[];
