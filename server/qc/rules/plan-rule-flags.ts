import type { Db } from "../../db";
import { DomainError, notFound } from "../../errors";
import { influx, type InfluxClient } from "../../influx/influx-client";
import { subtractRanges } from "../codes-to-ranges";
import { readCalibratedSeries } from "../read-calibrated-series";
import { RULE_TEST_PREFIX } from "../replace-auto-flags";
import type { AutoFlag } from "../run-qc-tests";
import type { QcSeries } from "../tests/qc-test";
import { evaluateRule, ruleLookbackMs, type RuleRange } from "./evaluate-rule";
import type { QcRuleDefinition } from "./rule-schema";

/** The test name a rule's flags carry: stable across renames, and how its flags are told from the QC tests'. */
export const ruleTestName = (ruleId: string) => `${RULE_TEST_PREFIX}${ruleId}`;

/** More separate ranges than this over one evaluation means the rule is wrong, not the site: refused, nothing written. */
export const MAX_RULE_RANGES = 20_000;

export interface RuleTargetPlan {
  point: string;
  sensorId: string;
  sensorKey: string;
  flags: AutoFlag[];
  /** Readings of the point inside its flags. */
  flaggedReadings: number;
}

function readingsInside(series: QcSeries | undefined, ranges: readonly RuleRange[]): number {
  if (!series) return 0;
  let n = 0;
  let k = 0;
  for (let i = 0; i < series.times.length && k < ranges.length; i++) {
    const t = series.times[i];
    while (k < ranges.length && ranges[k].to < t) k++;
    if (k < ranges.length && t >= ranges[k].from) n++;
  }
  return n;
}

/** The station's points a rule names, with their sensors and manual "good" ranges over [from, to]; an unknown name is refused. */
export async function resolveRulePoints(db: Db, options: { stationId: string; definition: QcRuleDefinition; from: number; to: number }) {
  const { definition: d, from, to } = options;
  const station = await db.station.findUnique({
    where: { id: options.stationId },
    select: {
      points: {
        select: {
          name: true,
          sensor: {
            select: {
              id: true,
              key: true,
              qcOverrides: { where: { from: { lte: new Date(to) }, to: { gte: new Date(from) } }, select: { from: true, to: true } },
            },
          },
        },
      },
    },
  });
  if (!station) throw notFound("Station");
  const byName = new Map(station.points.map((p) => [p.name, p.sensor]));
  const named = [...new Set([...d.conditions.map((c) => c.point), ...d.flag])];
  const unknown = named.filter((n) => !byName.has(n));
  if (unknown.length) throw new DomainError("INVALID", `The station has no point named ${unknown.join(", ")}`, { points: unknown });
  return { byName, named };
}

/**
 * What a rule flags on each of its target points over [from, to], minus each point's manual "good"
 * ranges; nothing is written. The preview and the evaluation that saves both call this, so a preview
 * is what the rule then flags.
 */
export async function planRuleFlags(
  db: Db,
  options: {
    stationId: string;
    definition: QcRuleDefinition;
    rule: { id: string; name: string; version: number };
    from: number;
    to: number;
    client?: InfluxClient;
  },
): Promise<{ ranges: RuleRange[]; targets: RuleTargetPlan[] }> {
  const { definition: d, from, to } = options;
  const { byName, named } = await resolveRulePoints(db, { stationId: options.stationId, definition: d, from, to });
  const keys = named.map((n) => byName.get(n)!.key);
  const read = await readCalibratedSeries(db, options.client ?? influx(), { sensorKeys: keys, since: from - ruleLookbackMs(d) - 1, until: to });
  const series = new Map(named.map((n) => [n, read.get(byName.get(n)!.key)] as const).filter((e): e is [string, QcSeries] => e[1] !== undefined));
  const ranges = evaluateRule(d, series, { from, to });
  if (ranges.length > MAX_RULE_RANGES)
    throw new DomainError("INVALID", `The rule holds in ${ranges.length} separate ranges (at most ${MAX_RULE_RANGES}); its conditions are likely too loose`);

  const params = { rule: options.rule.name, ...d };
  const targets = d.flag.map((point) => {
    const sensor = byName.get(point)!;
    const kept = subtractRanges(
      ranges,
      sensor.qcOverrides.map((o) => ({ from: o.from.getTime(), to: o.to.getTime() })),
    );
    const flags: AutoFlag[] = kept.map((r) => ({ ...r, severity: d.severity, test: ruleTestName(options.rule.id), testVersion: options.rule.version, params }));
    return { point, sensorId: sensor.id, sensorKey: sensor.key, flags, flaggedReadings: readingsInside(series.get(point), kept) };
  });
  return { ranges, targets };
}
