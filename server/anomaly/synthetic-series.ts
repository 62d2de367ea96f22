import type { Reading } from "./detectors/detector";

/** Seeded PRNG (mulberry32), so synthetic series and benches are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export interface SeriesShape {
  start?: number;
  count: number;
  intervalMs: number;
  level?: number;
  noise?: number;
  /** Amplitude of a daily sine cycle. */
  dailyAmplitude?: number;
  seed?: number;
}

const DAY_MS = 86_400_000;

/** A sine over the UTC day with its peak at peakHourUtc; shared by the synthetic series and the simulator. */
export function dailyCycle(time: number, amplitude: number, peakHourUtc = 6): number {
  return amplitude * Math.sin((2 * Math.PI * ((time - (peakHourUtc - 6) * 3_600_000) % DAY_MS)) / DAY_MS);
}

/** Level + daily cycle + Gaussian noise, sampled regularly. */
export function syntheticSeries(shape: SeriesShape): Reading[] {
  const normal = gaussian(seededRandom(shape.seed ?? 1));
  const start = shape.start ?? Date.UTC(2026, 0, 1);
  const out: Reading[] = [];
  for (let i = 0; i < shape.count; i++) {
    const time = start + i * shape.intervalMs;
    const cycle = dailyCycle(time, shape.dailyAmplitude ?? 0);
    out.push({ time, value: (shape.level ?? 0) + cycle + (shape.noise ?? 1) * normal() });
  }
  return out;
}
