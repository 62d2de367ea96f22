import type { Db } from "../db";
import { notFound } from "../errors";
import { createSilence } from "./create-silence";

/** One click from an incident: silence its sensor for a few hours. */
export async function silenceIncident(db: Db, options: { incidentId: string; hours: number; comment: string; by: string }) {
  const incident = await db.alertIncident.findUnique({ where: { id: options.incidentId }, select: { sensorKey: true } });
  if (!incident) throw notFound("Alert");
  return createSilence(db, {
    by: options.by,
    input: {
      kind: "silence",
      matchers: { sensorKey: [incident.sensorKey] },
      endsAt: new Date(Date.now() + options.hours * 3_600_000),
      recurrenceCron: null,
      durationMinutes: null,
      timeZone: null,
      pauseJobs: false,
      comment: options.comment,
    },
  });
}
