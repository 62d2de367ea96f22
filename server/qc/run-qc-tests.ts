import { codesToRanges, subtractRanges, type QcRange } from "./codes-to-ranges";
import type { ResolvedQcTest } from "./resolve-qc-tests";
import type { QcContext, QcSeries } from "./tests/qc-test";

export interface AutoFlag extends QcRange {
  test: string;
  testVersion: number;
  params: Record<string, unknown>;
}

/** Pure: every resolved test over the series; flagged runs inside the window, minus the manual "good" ranges. */
export function runQcTests(options: {
  series: QcSeries;
  tests: readonly ResolvedQcTest[];
  context: QcContext;
  window: { from: number; to: number };
  goodRanges?: ReadonlyArray<{ from: number; to: number }>;
}): AutoFlag[] {
  const flags: AutoFlag[] = [];
  for (const { name, test, params } of options.tests) {
    if (test.needs && !options.context[test.needs]) continue;
    const codes = test.run(options.series, params, options.context);
    const ranges = subtractRanges(codesToRanges(options.series.times, codes, options.window), options.goodRanges ?? []);
    for (const r of ranges) flags.push({ ...r, test: name, testVersion: test.version, params });
  }
  return flags;
}
