import type { z } from "zod";
import type { Db } from "../db";
import { DomainError, notFound } from "../errors";
import { influx, type InfluxClient } from "../influx/influx-client";
import { logger } from "../logger";
import { alignTo, medianOf } from "./align-series";
import { findQcPartners } from "./find-qc-partners";
import { readCalibratedSeries } from "./read-calibrated-series";
import { replaceAutoFlags } from "./replace-auto-flags";
import { parseStoredQcTests, resolveQcTests } from "./resolve-qc-tests";
import { runQcTests } from "./run-qc-tests";
import { evaluateSensorQcInput } from "./schemas";
import type { QcContext } from "./tests/qc-test";

/** More separate flagged ranges than this in one evaluation means the parameters are wrong, not the sensor: refused, nothing written. */
export const MAX_AUTO_FLAGS_PER_EVALUATION = 20_000;

/**
 * Runs the sensor's QC tests (its quantity's default with its point's overrides) over [from, to] and
 * makes its auto flags there exactly what they find, outside its manual "good" ranges. Idempotent.
 */
export async function evaluateSensorQc(db: Db, options: z.input<typeof evaluateSensorQcInput> & { client?: InfluxClient }) {
  const { key, from: fromDate, to: toDate } = evaluateSensorQcInput.parse(options);
  const from = fromDate.getTime();
  const to = toDate.getTime();
  const sensor = await db.sensor.findUnique({
    where: { key },
    select: {
      id: true,
      key: true,
      quantity: true,
      point: { select: { stationId: true, quantity: true, statistic: true, heightM: true, qcConfig: { select: { tests: true } } } },
      qcOverrides: { where: { from: { lte: toDate }, to: { gte: fromDate } }, select: { from: true, to: true } },
    },
  });
  if (!sensor) throw notFound("Sensor");
  const quantityRow = await db.qcConfig.findUnique({ where: { quantity: sensor.point?.quantity ?? sensor.quantity }, select: { tests: true } });
  const resolved = resolveQcTests(parseStoredQcTests(quantityRow?.tests), parseStoredQcTests(sensor.point?.qcConfig?.tests));
  for (const bad of resolved.invalid) logger.warn({ sensorKey: key, test: bad.name, reason: bad.message }, "qc test skipped: invalid merged parameters");

  const lookback = Math.max(0, ...resolved.tests.map((t) => t.test.lookbackMs(t.params as never)));
  const partners = await findQcPartners(db, { sensorKey: key, point: sensor.point });
  const pair = resolved.tests.find((t) => t.name === "redundant_pair");
  const drift = resolved.tests.find((t) => t.name === "reference_drift");
  const partnerKey = pair ? ((pair.params.partner as string | undefined) ?? partners.partner) : undefined;
  const referenceKeys = drift ? ((drift.params.reference as string | undefined) ? [drift.params.reference as string] : partners.neighbours) : [];

  const client = options.client ?? influx();
  const keys = [key, ...(partnerKey ? [partnerKey] : []), ...referenceKeys];
  const series = resolved.tests.length ? await readCalibratedSeries(db, client, { sensorKeys: keys, since: from - lookback - 1, until: to }) : new Map();
  const own = series.get(key) ?? { times: new Float64Array(0), values: new Float64Array(0) };
  const context: QcContext = {};
  const partnerSeries = partnerKey ? series.get(partnerKey) : undefined;
  if (partnerSeries) context.partner = alignTo(own.times, partnerSeries);
  const references = referenceKeys.flatMap((k) => (series.has(k) ? [alignTo(own.times, series.get(k)!)] : []));
  if (references.length) context.reference = medianOf(references, own.times.length);

  const goodRanges = sensor.qcOverrides.map((o) => ({ from: o.from.getTime(), to: o.to.getTime() }));
  const flags = runQcTests({ series: own, tests: resolved.tests, context, window: { from, to }, goodRanges });
  if (flags.length > MAX_AUTO_FLAGS_PER_EVALUATION) {
    throw new DomainError(
      "INVALID",
      `QC found ${flags.length} separate flagged ranges on ${key} (at most ${MAX_AUTO_FLAGS_PER_EVALUATION}); its parameters are likely too strict`,
      { sensorKey: key },
    );
  }
  const result = await replaceAutoFlags(db, { sensorId: sensor.id, sensorKey: key, from, to, flags });
  return {
    sensorKey: key,
    readings: own.times.length,
    tests: resolved.tests.map((t) => t.name),
    skipped: resolved.invalid,
    partner: partnerSeries ? partnerKey : undefined,
    references: references.length,
    flags: flags.length,
    ...result,
  };
}
