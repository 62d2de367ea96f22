import type { SensorDetectorState } from "../anomaly/evaluate-sensor-readings";

/** Detector state a worker keeps between scans, valid up to stateWatermark. */
export interface CachedScanState {
  stateWatermark: number;
  states: Map<string, SensorDetectorState>;
}

const cache = new Map<string, CachedScanState>();

export const scanStateCache = {
  get: (scanKey: string) => cache.get(scanKey),
  set: (scanKey: string, state: CachedScanState) => void cache.set(scanKey, state),
  /** Dropped after any failure (the states may be half-updated) and in tests to simulate a restart. */
  forget: (scanKey: string) => void cache.delete(scanKey),
};
