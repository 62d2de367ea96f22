/**
 * A rolling window kept both in arrival order and sorted, so the median and the MAD
 * cost O(window) per reading instead of a sort. Plain arrays: it serialises as JSON.
 */
export interface RobustWindow {
  capacity: number;
  /** A ring once full: the oldest value sits at `next`. */
  values: number[];
  next: number;
  sorted: number[];
}

export const emptyWindow = (capacity: number): RobustWindow => ({ capacity, values: [], next: 0, sorted: [] });

function lowerBound(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Oldest first, for re-seeding another window. */
export function valuesInOrder(w: RobustWindow): number[] {
  return w.values.length < w.capacity ? [...w.values] : [...w.values.slice(w.next), ...w.values.slice(0, w.next)];
}

/**
 * Adds a value; returns the value that fell out of the window, or undefined.
 * A full window replaces in place (no splice, no allocation): the evicted slot slides to x's rank.
 */
export function pushValue(w: RobustWindow, x: number): number | undefined {
  const sorted = w.sorted;
  if (w.values.length < w.capacity) {
    w.values.push(x);
    sorted.splice(lowerBound(sorted, x), 0, x);
    return undefined;
  }
  const evicted = w.values[w.next];
  w.values[w.next] = x;
  w.next = w.next + 1 === w.capacity ? 0 : w.next + 1;
  let i = lowerBound(sorted, evicted);
  if (x > evicted) {
    while (i + 1 < sorted.length && sorted[i + 1] < x) {
      sorted[i] = sorted[i + 1];
      i++;
    }
  } else {
    while (i > 0 && sorted[i - 1] > x) {
      sorted[i] = sorted[i - 1];
      i--;
    }
  }
  sorted[i] = x;
  return evicted;
}

export function medianOfSorted(sorted: number[]): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median absolute deviation around `center`: merges the two sides of the sorted array outward. */
export function madOfSorted(sorted: number[], center: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  let right = lowerBound(sorted, center);
  let left = right - 1;
  const mid = n >> 1;
  let prev = 0;
  let at = 0;
  // The k-th smallest deviation, k = 0…mid, taking the nearer side each step (no closure: this is hot).
  for (let k = 0; k <= mid; k++) {
    const dl = left >= 0 ? center - sorted[left] : Infinity;
    const dr = right < n ? sorted[right] - center : Infinity;
    prev = at;
    if (dl <= dr) {
      at = dl;
      left--;
    } else {
      at = dr;
      right++;
    }
  }
  return n % 2 === 1 ? at : (prev + at) / 2;
}

export function medianOf(values: number[]): number {
  return medianOfSorted([...values].sort((a, b) => a - b));
}

/** 1.4826 · MAD estimates σ for normal noise; the floors keep quantised or flat data from dividing by zero. */
export function robustScale(mad: number, center: number, minScale: number, relativeMinScale: number): number {
  return Math.max(1.4826 * mad, minScale, relativeMinScale * Math.abs(center), 1e-9);
}

/** A robust scale that is recomputed every `refresh` readings, or at once when a verdict depends on it. */
export interface CachedScale {
  scale: number | null;
  age: number;
}

export function currentScale(cache: CachedScale, w: RobustWindow, median: number, refresh: number, minScale: number, relativeMinScale: number): number {
  if (cache.scale === null || cache.age >= refresh) {
    cache.scale = robustScale(madOfSorted(w.sorted, median), median, minScale, relativeMinScale);
    cache.age = 0;
  }
  return cache.scale;
}

/** Forces an exact scale (used when a reading comes near the threshold). */
export function exactScale(cache: CachedScale, w: RobustWindow, median: number, minScale: number, relativeMinScale: number): number {
  cache.scale = robustScale(madOfSorted(w.sorted, median), median, minScale, relativeMinScale);
  cache.age = 0;
  return cache.scale;
}
