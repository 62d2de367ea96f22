import { z } from "zod";
import { DomainError } from "../errors";
import type { SensorDetectorState } from "./evaluate-sensor-readings";

const persistedStateSchema = z.object({
  version: z.literal(1),
  detectors: z.record(z.string(), z.object({ signature: z.string(), state: z.unknown() })),
  lastAlertAt: z.record(z.string(), z.number()),
  lastAlertBucket: z.record(z.string(), z.number()).optional(),
  lastSensorAlertAt: z.number().optional(),
  lastFaultAt: z.number().optional(),
});

/** Detector state as stored next to the scan's watermark (a JSON column). */
export function serializeSensorState(state: SensorDetectorState): string {
  return JSON.stringify(state);
}

export function restoreSensorState(json: string): SensorDetectorState {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new DomainError("INVALID", "Stored detector state is not JSON");
  }
  const parsed = persistedStateSchema.safeParse(raw);
  if (!parsed.success) throw new DomainError("INVALID", "Stored detector state has an unknown shape");
  return parsed.data as SensorDetectorState;
}
