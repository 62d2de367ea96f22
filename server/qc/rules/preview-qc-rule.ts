import type { z } from "zod";
import type { Db } from "../../db";
import type { InfluxClient } from "../../influx/influx-client";
import { describeRule } from "./describe-rule";
import { planRuleFlags } from "./plan-rule-flags";
import { previewQcRuleInput } from "./rule-schema";

const SHOWN_RANGES = 50;

/** What a rule would flag over the last days, per target point, without writing anything. */
export async function previewQcRule(db: Db, options: z.input<typeof previewQcRuleInput> & { client?: InfluxClient; now?: number }) {
  const input = previewQcRuleInput.parse(options);
  const to = options.now ?? Date.now();
  const from = to - input.days * 86_400_000;
  const plan = await planRuleFlags(db, {
    stationId: input.stationId,
    definition: input.definition,
    rule: { id: "preview", name: "preview", version: 0 },
    from,
    to,
    client: options.client,
  });
  return {
    from,
    to,
    text: describeRule(input.definition),
    ranges: plan.ranges.length,
    flaggedMs: plan.ranges.reduce((sum, r) => sum + (r.to - r.from), 0),
    points: plan.targets.map((t) => ({
      point: t.point,
      sensorKey: t.sensorKey,
      ranges: t.flags.length,
      readings: t.flaggedReadings,
      shown: t.flags.slice(0, SHOWN_RANGES).map((f) => ({ from: f.from, to: f.to })),
    })),
  };
}
