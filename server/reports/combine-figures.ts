import { emptyFigures, type Figures } from "./report-figures";

/**
 * Figures of the union of disjoint parts, from the parts' figures alone: count-weighted mean,
 * pooled sample standard deviation, min of mins, max of maxes. p95 cannot be combined exactly
 * from parts' p95s; the largest part's p95 is used, an upper bound of the union's p95.
 */
export function combineFigures(parts: readonly Figures[]): Figures {
  const filled = parts.filter((p) => p.count > 0 && p.mean !== null);
  if (filled.length === 0) return { ...emptyFigures };
  if (filled.length === 1) return { ...filled[0], stddev: filled[0].stddev ?? (filled[0].count > 1 ? null : 0) };
  let count = 0;
  let sum = 0;
  for (const p of filled) {
    count += p.count;
    sum += p.count * p.mean!;
  }
  const mean = sum / count;
  // Sum of squared deviations from the pooled mean: within-part spread plus between-part spread.
  let squares = 0;
  for (const p of filled) {
    const sd = p.stddev ?? 0;
    squares += (p.count - 1) * sd * sd + p.count * (p.mean! - mean) ** 2;
  }
  const stddev = count > 1 ? Math.sqrt(Math.max(0, squares / (count - 1))) : 0;
  const pick = (values: Array<number | null>, fn: (...n: number[]) => number) => {
    const present = values.filter((v): v is number => v !== null);
    return present.length ? fn(...present) : null;
  };
  return {
    count,
    mean,
    min: pick(
      filled.map((p) => p.min),
      Math.min,
    ),
    max: pick(
      filled.map((p) => p.max),
      Math.max,
    ),
    stddev,
    p95: pick(
      filled.map((p) => p.p95),
      Math.max,
    ),
  };
}
