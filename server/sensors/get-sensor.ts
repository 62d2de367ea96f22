import type { Db } from "../db";
import { notFound } from "../errors";
import { sensorStatus } from "./sensor-status";

/** One sensor with its calibration history, manual flagged ranges (QC's are paged by qc.autoFlags), and its recent alert incidents and alerts. */
export async function getSensor(db: Db, options: { key: string }, now = new Date()) {
  const sensor = await db.sensor.findUnique({
    where: { key: options.key },
    include: { calibrations: { orderBy: { effectiveFrom: "desc" } }, flags: { where: { source: "manual" }, orderBy: { from: "desc" } } },
  });
  if (!sensor) throw notFound("Sensor");
  const [incidents, alerts] = await Promise.all([
    db.alertIncident.findMany({ where: { sensorKey: sensor.key }, orderBy: { lastSeenAt: "desc" }, take: 20 }),
    db.alert.findMany({
      where: { sensorKey: sensor.key },
      orderBy: { at: "desc" },
      take: 200,
      select: {
        key: true,
        detector: true,
        severity: true,
        at: true,
        score: true,
        observed: true,
        expectedLow: true,
        expectedHigh: true,
        expectedCenter: true,
        evidenceFrom: true,
        evidenceTo: true,
        message: true,
        incidentId: true,
      },
    }),
  ]);
  return { ...sensor, status: sensorStatus({ lastReadingAt: sensor.lastReadingAt, intervalSeconds: sensor.intervalSeconds, now }), incidents, alerts };
}
