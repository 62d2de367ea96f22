export const formatPercent = (v: number | null | undefined) => (v === null || v === undefined ? "–" : `${(v * 100).toFixed(1)} %`);
export const formatNumber = (v: number | null | undefined) =>
  v === null || v === undefined ? "–" : Math.abs(v) >= 1000 ? v.toFixed(0) : v.toPrecision(4).replace(/\.?0+$/, "");
export const formatDelta = (v: number | null | undefined, format: (n: number) => string = (n) => formatNumber(n)) =>
  v === null || v === undefined ? "–" : `${v > 0 ? "+" : v < 0 ? "−" : "±"}${format(Math.abs(v))}`;
