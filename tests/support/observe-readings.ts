import type { Detector, Finding, Reading, VerdictSink } from "@/server/anomaly/detectors/detector";

export interface ObservedReading {
  index: number;
  level: number;
  usual: boolean;
  finding: Finding | null;
}

/**
 * Shows a detector its readings one at a time, each as a series of one: the point-by-point run the
 * detector tests reason about (and that a whole series must reproduce).
 */
export function observeEach<P, S>(detector: Detector<P, S>, state: S, readings: readonly Reading[], params: P): ObservedReading[] {
  return readings.map((reading, index) => {
    let finding: Finding | null = null;
    const sink: VerdictSink = { levels: new Float64Array(1), usual: new Uint8Array(1), found: (_, f) => void (finding = f) };
    detector.observe(state, { times: Float64Array.of(reading.time), values: Float64Array.of(reading.value) }, params, sink);
    return { index, level: sink.levels[0], usual: sink.usual[0] === 1, finding };
  });
}
