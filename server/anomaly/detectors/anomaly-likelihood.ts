/**
 * Numenta's anomaly likelihood (Ahmad et al., Neurocomputing 2017), written for a small plain-JSON
 * state: turns any raw score in [0, 1] into how improbable its short moving average is under the
 * sensor's own long-run distribution of that average. A noisy stream raises its own bar; a
 * persistent change stands out of a lone noisy point. The long-run mean and variance are running
 * moments (exact until `window` averages, exponentially weighted after, as in htm.core's variant),
 * and a verdict uses the estimate frozen at the last block end, as NuPIC re-estimates every 100.
 */
export interface LikelihoodParams {
  /** Raw scores in the short moving average. */
  averaging: number;
  /** Averaged scores per re-estimation of the distribution. */
  blockSize: number;
  /** Averaged scores the long-run distribution spans (NuPIC keeps 8,640: a month of 5-minute readings). */
  window: number;
}

export interface LikelihoodState {
  recent: number[];
  next: number;
  /** Sum of `recent`, kept as it moves. */
  recentSum: number;
  n: number;
  mean: number;
  variance: number;
  /** The estimate verdicts use, refreshed every block: [mean, sd], or null before the first block. */
  frozen: [number, number] | null;
  /** The previous tail probability, for red-zone de-duplication. */
  lastQ: number;
}

export const emptyLikelihood = (): LikelihoodState => ({ recent: [], next: 0, recentSum: 0, n: 0, mean: 0, variance: 0, frozen: null, lastQ: 1 });

/** NuPIC's floor: variance ≥ 0.0003 keeps a perfectly predictable stream from alarming on a speck. */
const MIN_VARIANCE = 0.0003;
/** NuPIC's red-zone filter: the second and later readings of a run below 1e-5 report 1e-3. */
const RED_ZONE = 1e-5;
const YELLOW_ZONE = 1e-3;

/** Upper tail Q(z) of the standard normal, from Numerical Recipes' erfc (relative error < 1.2e-7, also far in the tail). */
export function normalTail(z: number): number {
  if (z < 0) return 1 - normalTail(-z);
  const x = z / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const poly =
    -1.26551223 +
    t *
      (1.00002368 +
        t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return (t * Math.exp(-x * x + poly)) / 2;
}

/** ln(q)/ln(1e-10) clamped to [0, 1]: 0.3 is q = 1e-3, 0.5 is q = 1e-5, 1 is q ≤ 1e-10. */
export const logScore = (q: number) => Math.min(1, Math.max(0, Math.log(q + 1e-10) / Math.log(1e-10)));

/**
 * Adds one raw score; returns the tail probability q of the recent average (1 while no block has
 * been seen). Two-sided: a stream that suddenly becomes predictable is as unusual as one that stops
 * being so. A run of red-zone values reports only its first.
 */
export function updateLikelihood(state: LikelihoodState, raw: number, params: LikelihoodParams): number {
  if (state.recent.length < params.averaging) {
    state.recent.push(raw);
    state.recentSum += raw;
  } else {
    state.recentSum += raw - state.recent[state.next];
    state.recent[state.next] = raw;
    state.next = (state.next + 1) % params.averaging;
    // Re-add from scratch now and then, so rounding cannot build up in the running sum.
    if (state.next === 0) state.recentSum = state.recent.reduce((a, b) => a + b, 0);
  }
  const avg = state.recentSum / state.recent.length;

  let q = 1;
  if (state.frozen !== null) {
    const z = Math.abs(avg - state.frozen[0]) / state.frozen[1];
    // Below 1 σ the tail is above 0.16 (log score < 0.08): not worth an exp.
    q = z < 1 ? 1 : normalTail(z);
    const red = q <= RED_ZONE && state.lastQ <= RED_ZONE;
    state.lastQ = q;
    if (red) q = YELLOW_ZONE;
  }

  state.n++;
  const weight = 1 / Math.min(state.n, params.window);
  const delta = avg - state.mean;
  state.mean += weight * delta;
  state.variance += weight * (delta * (avg - state.mean) - state.variance);
  if (state.n % params.blockSize === 0) state.frozen = [state.mean, Math.sqrt(Math.max(MIN_VARIANCE, state.variance))];
  return q;
}
