import type { z } from "zod";
import type { Db } from "../db";
import type { Complexity } from "../db/generated/enums";
import { COMPLEXITIES, completionSlaMs } from "../queues/completion-slas";
import { throughputInput } from "./schemas";

export interface SlaBreachPoint {
  minute: string;
  /** Runs that started after their priority's start target, by when they started. */
  start: number;
  /** Runs that ended after their complexity's completion target, by when they ended. */
  simple: number;
  moderate: number;
  complex: number;
}

export interface CompletionSlaClass {
  complexity: Complexity;
  targetMs: number;
  ended: number;
  breached: number;
}

/** Start and completion SLA breaches over time from the runs themselves, and each complexity class's totals. */
export async function getSlaBreaches(db: Db, options: z.input<typeof throughputInput>) {
  const { minutes } = throughputInput.parse(options);
  const step = minutes <= 120 ? 1 : minutes <= 24 * 60 ? 5 : 60;
  const since = new Date(Math.floor(Date.now() / 60_000) * 60_000 - minutes * 60_000);
  const stride = `${step} minutes`;
  const [starts, ends] = await Promise.all([
    db.$queryRaw<Array<{ bucket: Date; n: number }>>`
      SELECT date_bin(${stride}::interval, "startedAt", ${since}) AS bucket, count(*)::int AS n
      FROM "JobRun" WHERE "startedAt" >= ${since} AND "slaBreached" GROUP BY 1`,
    db.$queryRaw<Array<{ bucket: Date; complexity: Complexity; ended: number; breached: number }>>`
      SELECT date_bin(${stride}::interval, "finishedAt", ${since}) AS bucket, complexity, count(*)::int AS ended,
             (count(*) FILTER (WHERE "completionSlaBreached"))::int AS breached
      FROM "JobRun" WHERE "finishedAt" >= ${since} AND status IN ('succeeded', 'dead') AND complexity IS NOT NULL GROUP BY 1, 2`,
  ]);
  const points = new Map<number, SlaBreachPoint>();
  for (let t = since.getTime(); t <= Date.now(); t += step * 60_000)
    points.set(t, { minute: new Date(t).toISOString(), start: 0, simple: 0, moderate: 0, complex: 0 });
  for (const row of starts) {
    const point = points.get(row.bucket.getTime());
    if (point) point.start += row.n;
  }
  const classes = new Map<Complexity, CompletionSlaClass>(COMPLEXITIES.map((c) => [c, { complexity: c, targetMs: completionSlaMs[c], ended: 0, breached: 0 }]));
  for (const row of ends) {
    const point = points.get(row.bucket.getTime());
    if (point) point[row.complexity] += row.breached;
    const totals = classes.get(row.complexity)!;
    totals.ended += row.ended;
    totals.breached += row.breached;
  }
  return { stepMinutes: step, points: [...points.values()], classes: [...classes.values()] };
}
