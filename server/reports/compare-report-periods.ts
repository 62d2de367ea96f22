import type { z } from "zod";
import type { ReadDb } from "../db";
import { chooseResolution } from "./choose-resolution";
import { combineFigures } from "./combine-figures";
import { figuresOf } from "./report-rows";
import { compareReportsInput } from "./schemas";

type Period = { from: Date; to: Date };

async function summarise(db: ReadDb, group: { infraType: string; region: string }, period: Period) {
  const resolution = chooseResolution(period);
  const rows = await db.report.findMany({ where: { ...group, resolution, windowStart: { gte: period.from, lt: period.to } } });
  const figures = combineFigures(rows.map(figuresOf));
  const expected = rows.reduce((n, r) => n + r.expected, 0);
  const covered = rows.reduce((n, r) => n + (r.completeness ?? 0) * r.expected, 0);
  return {
    resolution,
    windows: rows.length,
    readings: figures.count,
    completeness: expected > 0 ? covered / expected : null,
    mean: figures.mean,
    min: figures.min,
    max: figures.max,
    stddev: figures.stddev,
    p95: figures.p95,
    alertsWarning: rows.reduce((n, r) => n + r.alertsWarning, 0),
    alertsCritical: rows.reduce((n, r) => n + r.alertsCritical, 0),
  };
}

export type ReportPeriodComparison = Awaited<ReturnType<typeof compareReportPeriods>>;

/** Two periods of one group summarised the same way, with b − a per figure. */
export async function compareReportPeriods(db: ReadDb, options: z.input<typeof compareReportsInput>) {
  const { a, b, ...group } = compareReportsInput.parse(options);
  const [first, second] = await Promise.all([summarise(db, group, a), summarise(db, group, b)]);
  const keys = ["windows", "readings", "completeness", "mean", "min", "max", "stddev", "p95", "alertsWarning", "alertsCritical"] as const;
  const delta = Object.fromEntries(keys.map((k) => [k, first[k] === null || second[k] === null ? null : second[k]! - first[k]!])) as Record<
    (typeof keys)[number],
    number | null
  >;
  return { a: first, b: second, delta };
}
