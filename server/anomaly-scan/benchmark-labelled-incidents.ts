import { z } from "zod";
import { scoreConfigOnLabels, type LabelBenchmark } from "../anomaly/labels/score-config-on-labels";
import type { AnomalyConfig } from "../anomaly/schemas";
import { loadLabelledIncidentHistory } from "../alerts/load-labelled-incident-history";
import type { Db } from "../db";
import type { InfluxClient } from "../influx/influx-client";
import { withValidRanges } from "./with-valid-ranges";

const DAY = 86_400_000;

/** Bounds of one labelled-incidents benchmark run (CLI `npm run eval:labels`). */
export const labelBenchmarkOptions = z
  .object({
    /** Newest labelled incidents scored. */
    limit: z.coerce.number().int().min(1).max(10_000).default(1000),
    /** History read before each sensor's first labelled incident, for the detectors to learn the sensor. */
    historyDays: z.coerce.number().min(0).max(60).default(7),
    /** An alert this close to an incident's span counts as raising it again. */
    toleranceMinutes: z.coerce.number().min(0).max(1440).default(30),
  })
  .strict();
export type LabelBenchmarkOptions = z.input<typeof labelBenchmarkOptions>;

/** Scores `config` against the fleet's labelled incidents, reading each sensor's history as the scan does. */
export async function benchmarkLabelledIncidents(
  db: Db,
  options: LabelBenchmarkOptions & { config: AnomalyConfig; client?: InfluxClient },
): Promise<LabelBenchmark & { options: z.infer<typeof labelBenchmarkOptions> }> {
  const { config, client, ...rest } = options;
  const bounds = labelBenchmarkOptions.parse(rest);
  const toleranceMs = bounds.toleranceMinutes * 60_000;
  const history = await loadLabelledIncidentHistory(db, { limit: bounds.limit, historyMs: bounds.historyDays * DAY, toleranceMs, client });
  const scored = scoreConfigOnLabels({
    incidents: history.incidents,
    readings: history.readings,
    config: withValidRanges(config, history.sensors),
    toleranceMs,
  });
  return { options: bounds, ...scored };
}
