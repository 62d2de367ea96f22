import { DomainError } from "../../errors";
import type { Detector } from "./detector";
import { driftDetector } from "./drift";
import { gapDetector } from "./gap";
import { levelShiftDetector } from "./level-shift";
import { noveltyDetector } from "./novelty";
import { seasonalDetector } from "./seasonal";
import { spikeDetector } from "./spike";
import { stuckValueDetector } from "./stuck-value";
import { thresholdDetector } from "./threshold";

/** Every detector by name: configuration, alerts and state all refer to detectors by these keys. */
export const detectorRegistry = {
  threshold: thresholdDetector,
  spike: spikeDetector,
  level_shift: levelShiftDetector,
  drift: driftDetector,
  stuck: stuckValueDetector,
  gap: gapDetector,
  seasonal: seasonalDetector,
  novelty: noveltyDetector,
  // biome-ignore lint/suspicious/noExplicitAny: each detector has its own options and state; the registry only needs them to be detectors
} as const satisfies Record<string, Detector<any, any>>;

export type DetectorName = keyof typeof detectorRegistry;
export const detectorNames = Object.keys(detectorRegistry) as DetectorName[];

export function findDetector(name: string): Detector<unknown, unknown> {
  // biome-ignore lint/suspicious/noExplicitAny: looked up by name, typed by the caller
  const detector = (detectorRegistry as Record<string, Detector<any, any>>)[name];
  if (!detector) throw new DomainError("INVALID", `Unknown detector "${name}"; known: ${detectorNames.join(", ")}`);
  return detector;
}
