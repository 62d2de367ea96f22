import { describe, expect, it } from "vitest";
import { syntheticSeries } from "../synthetic-series";
import { emptyLikelihood, logScore, normalTail, updateLikelihood } from "./anomaly-likelihood";
import { observeEach } from "@/tests/support/observe-readings";
import type { Reading } from "./detector";
import { noveltyDetector } from "./novelty";

const MINUTE = 60_000;
const DAY = 86_400_000;

function run(readings: Reading[], overrides: Record<string, number> = {}) {
  const params = noveltyDetector.params.parse(overrides);
  const state = noveltyDetector.initialState(params);
  return observeEach(noveltyDetector, state, readings, params).flatMap(({ index, finding }) => (finding ? [{ index, finding }] : []));
}

/** Five-minute readings with a daily cycle, like most NAB files. */
const daily = (days: number, seed = 4) =>
  syntheticSeries({ count: (days * DAY) / (5 * MINUTE), intervalMs: 5 * MINUTE, level: 50, dailyAmplitude: 20, noise: 1, seed });

describe("anomaly likelihood", () => {
  it("has the normal tail and NuPIC's log scale", () => {
    expect(normalTail(0)).toBeCloseTo(0.5, 7);
    expect(normalTail(1.959964)).toBeCloseTo(0.025, 6);
    expect(normalTail(5) / 2.866516e-7).toBeCloseTo(1, 5);
    expect(normalTail(8) / 6.220961e-16).toBeCloseTo(1, 4);
    expect(logScore(1e-5)).toBeCloseTo(0.5, 6);
    expect(logScore(1e-4)).toBeCloseTo(0.4, 6);
    expect(logScore(1)).toBe(0);
    expect(logScore(0)).toBe(1);
  });

  it("calls a persistent change improbable, reports a run of red-zone values once, and is two-sided", () => {
    const params = { averaging: 5, blockSize: 100, window: 8700 };
    const state = emptyLikelihood();
    let x = 1;
    const noisy = () => 0.1 + 0.05 * Math.sin((x += 1.7)); // bounded, never repeating
    for (let i = 0; i < 1000; i++) expect(updateLikelihood(state, noisy(), params)).toBeGreaterThan(1e-3);
    const qs = Array.from({ length: 10 }, () => updateLikelihood(state, 1, params));
    // The 5-reading average reaches the red zone within a few readings; later ones report 1e-3.
    const firstRed = qs.findIndex((q) => q <= 1e-5);
    expect(firstRed).toBeGreaterThanOrEqual(0);
    expect(firstRed).toBeLessThan(3);
    expect(qs.slice(firstRed + 1).every((q) => q === 1e-3)).toBe(true);
    // A stream that becomes far more predictable than its history is just as unusual.
    const calm = emptyLikelihood();
    for (let i = 0; i < 1000; i++) updateLikelihood(calm, i % 2 ? 0.9 : 0.3, params);
    const flat = Array.from({ length: 10 }, () => updateLikelihood(calm, 0.6, params));
    expect(Math.min(...flat)).toBeGreaterThan(0.1);
    const low = Array.from({ length: 10 }, () => updateLikelihood(calm, 0, params));
    expect(Math.min(...low)).toBeLessThan(1e-5);
  });
});

describe("novelty detector", () => {
  it("stays quiet on long clean noisy series: a month of a daily cycle, and 20,000 one-second readings", () => {
    for (const seed of [4, 5, 6]) expect(run(daily(30, seed))).toEqual([]);
    const noise = syntheticSeries({ count: 20_000, intervalMs: 1000, level: 5, noise: 0.2, seed: 9 });
    // The physical profile's range rule (25 % beyond the range seen) stays quiet on Gaussian noise...
    expect(run(noise, { rangeTolerance: 0.25 })).toEqual([]);
    // ...NuPIC's 5 % (the NAB default) lets a new extreme of pure noise through now and then, nothing else.
    const loose = run(noise);
    expect(loose.length).toBeLessThanOrEqual(3);
    for (const f of loose) expect(f.finding.message).toMatch(/New range/);
  });

  it("alerts at once on a value outside everything seen, then stays silent for the refractory period", () => {
    const readings = daily(10);
    const jump = 2000;
    for (let i = jump; i < jump + 50; i++) readings[i] = { ...readings[i], value: readings[i].value + 80 };
    readings[jump + 100] = { ...readings[jump + 100], value: -200 };
    const findings = run(readings);
    expect(findings[0].index).toBe(jump);
    expect(findings[0].finding).toMatchObject({ severity: "critical", score: 1, observed: readings[jump].value });
    expect(findings[0].finding.message).toMatch(/New range/);
    expect(findings[0].finding.expected.high!).toBeLessThan(readings[jump].value);
    // The second excursion (jump + 100) falls inside the 120-reading refractory period.
    expect(findings.filter((f) => f.index > jump && f.index < jump + 120)).toEqual([]);
  });

  it("finds a flat stretch where the daily cycle should be, though every value is within range", () => {
    const readings = daily(14);
    // Day 10, 06:00–12:00: the signal sits at its daily mean instead of peaking.
    const from = (10 * DAY + 6 * 3_600_000) / (5 * MINUTE);
    const to = from + 72;
    for (let i = from; i < to; i++)
      readings[i] = { ...readings[i], value: 50 + (readings[i].value - 50 - 20 * Math.sin((2 * Math.PI * (readings[i].time % DAY)) / DAY)) };
    const findings = run(readings);
    expect(findings).toHaveLength(1);
    expect(findings[0].index).toBeGreaterThanOrEqual(from);
    expect(findings[0].index).toBeLessThan(to);
    expect(findings[0].finding.severity).toBe("warning");
    expect(findings[0].finding.message).toMatch(/Improbable for the time of day/);
  });

  it("keeps a small plain-JSON state", () => {
    const params = noveltyDetector.params.parse({});
    const state = noveltyDetector.initialState(params);
    observeEach(noveltyDetector, state, daily(5), params);
    const json = JSON.stringify(state);
    expect(JSON.parse(json)).toEqual(state);
    expect(json.length).toBeLessThan(1500);
  });
});
