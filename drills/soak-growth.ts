export interface Sample {
  series: string;
  minute: number;
  value: number;
}

export interface Growth {
  series: string;
  earlier: number;
  later: number;
  growing: boolean;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.floor((s.length - 1) / 2)] + s[Math.ceil((s.length - 1) / 2)]) / 2 : 0;
};

/**
 * Whether each series keeps growing: the median of its last quarter against the median of its second quarter
 * (the first quarter is warm-up: caches, JIT, the first scans' state). More than `tolerance` (20 %) and more than
 * `floor` (10 units, e.g. MB) higher counts as growing; a series with fewer than 4 samples is never judged.
 */
export function growthOf(samples: Sample[], tolerance = 0.2, floor = 10): Growth[] {
  const bySeries = new Map<string, Sample[]>();
  for (const s of samples) bySeries.set(s.series, [...(bySeries.get(s.series) ?? []), s]);
  return [...bySeries].map(([series, list]) => {
    const values = [...list].sort((a, b) => a.minute - b.minute).map((s) => s.value);
    const q = Math.floor(values.length / 4);
    if (q === 0) return { series, earlier: values[0] ?? 0, later: values.at(-1) ?? 0, growing: false };
    const earlier = median(values.slice(q, 2 * q));
    const later = median(values.slice(values.length - q));
    return { series, earlier, later, growing: later > earlier * (1 + tolerance) && later - earlier > floor };
  });
}
