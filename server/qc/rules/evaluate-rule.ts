import { alignTo } from "../align-series";
import type { QcSeries } from "../tests/qc-test";
import type { QcRuleDefinition, RuleCondition } from "./rule-schema";

/** Epoch ms, both inclusive: the first and last stamp where the rule held. */
export interface RuleRange {
  from: number;
  to: number;
}

const MINUTE = 60_000;

/** How much history before a range the rule needs to judge its first stamps: its longest window plus its duration. */
export function ruleLookbackMs(d: QcRuleDefinition): number {
  return (Math.max(0, ...d.conditions.map((c) => c.windowMinutes ?? 0)) + d.forMinutes) * MINUTE;
}

/**
 * Mean, population standard deviation, min or max of the readings in (t − window, t] at each stamp, in
 * one pass (running sums, monotonic deques). A std needs two readings; otherwise NaN.
 */
export function rollingStatistic(series: QcSeries, of: Exclude<RuleCondition["of"], "value">, windowMs: number): Float64Array {
  const { times, values } = series;
  const n = times.length;
  const out = new Float64Array(n);
  const shift = n ? values[0] : 0; // sums of values minus the first keep the variance exact enough
  let sum = 0;
  let sumSq = 0;
  let start = 0;
  const deque = new Int32Array(n);
  let head = 0;
  let tail = 0;
  const better = of === "min" ? (a: number, b: number) => a <= b : (a: number, b: number) => a >= b;
  for (let i = 0; i < n; i++) {
    const v = values[i] - shift;
    sum += v;
    sumSq += v * v;
    if (of === "min" || of === "max") {
      while (tail > head && better(values[i], values[deque[tail - 1]])) tail--;
      deque[tail++] = i;
    }
    while (times[start] <= times[i] - windowMs) {
      const old = values[start] - shift;
      sum -= old;
      sumSq -= old * old;
      if (deque[head] === start && tail > head) head++;
      start++;
    }
    const count = i - start + 1;
    if (of === "mean") out[i] = sum / count + shift;
    else if (of === "std") out[i] = count < 2 ? Number.NaN : Math.sqrt(Math.max(0, sumSq / count - (sum / count) ** 2));
    else out[i] = values[deque[head]];
  }
  return out;
}

function compare(op: RuleCondition["op"], a: number, b: number): boolean {
  // NaN (no reading there) fails every comparison.
  return op === "<" ? a < b : op === "<=" ? a <= b : op === ">" ? a > b : a >= b;
}

/** Median spacing of the stamps: a gap of more than twice it breaks a run. */
function typicalStep(times: Float64Array): number {
  if (times.length < 2) return 0;
  const diffs = Array.from({ length: times.length - 1 }, (_, i) => times[i + 1] - times[i]).sort((a, b) => a - b);
  return diffs[diffs.length >> 1];
}

/**
 * Pure: where the rule held, over `window`. The conditions are judged at the stamps of the first
 * condition's point; a run of stamps where they hold counts as lasting from its first stamp to one
 * step past its last, and is kept if that reaches `forMinutes`. Missing data (a gap over two steps)
 * breaks a run. Ranges are clipped to the window.
 */
export function evaluateRule(d: QcRuleDefinition, series: ReadonlyMap<string, QcSeries>, window: RuleRange): RuleRange[] {
  const grid = series.get(d.conditions[0].point);
  if (!grid || grid.times.length === 0) return [];
  const n = grid.times.length;
  const judged = d.conditions.map((c) => {
    const own = series.get(c.point);
    if (!own) return new Float64Array(n).fill(Number.NaN);
    const values = c.of === "value" ? own.values : rollingStatistic(own, c.of, c.windowMinutes! * MINUTE);
    return own === grid ? values : alignTo(grid.times, { times: own.times, values });
  });
  const holds = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let all = true;
    let any = false;
    for (let k = 0; k < judged.length; k++) {
      const ok = compare(d.conditions[k].op, judged[k][i], d.conditions[k].value);
      all &&= ok;
      any ||= ok;
    }
    holds[i] = (d.match === "all" ? all : any) ? 1 : 0;
  }
  const step = typicalStep(grid.times);
  const need = d.forMinutes * MINUTE;
  const ranges: RuleRange[] = [];
  let i = 0;
  while (i < n) {
    if (!holds[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < n && holds[j + 1] && grid.times[j + 1] - grid.times[j] <= 2 * step) j++;
    const from = grid.times[i];
    const to = grid.times[j];
    if (to - from + step >= need && to >= window.from && from <= window.to) ranges.push({ from: Math.max(from, window.from), to: Math.min(to, window.to) });
    i = j + 1;
  }
  return ranges;
}
