import type { z } from "zod";
import type { Db } from "../db";
import { csvFromPages } from "../http/csv";
import { listAlertIncidents } from "./list-alert-incidents";
import type { incidentFilterInput } from "./schemas";

export const INCIDENT_CSV_COLUMNS = [
  "id",
  "sensor_key",
  "infra_type",
  "region",
  "severity",
  "status",
  "detectors",
  "alerts",
  "latest_message",
  "opened_at",
  "last_seen_at",
  "label",
] as const;

/** The incident list as the Alerts page shows it (same filter and order), every page of it. */
export function exportIncidentsCsv(db: Db, view: z.output<typeof incidentFilterInput>): AsyncGenerator<string> {
  return csvFromPages(
    INCIDENT_CSV_COLUMNS,
    async (cursor) => {
      const page = await listAlertIncidents(db, { ...view, cursor, limit: 200 });
      return { rows: page.incidents, next: page.nextCursor };
    },
    (i) => [
      i.id,
      i.sensorKey,
      i.infraType,
      i.region,
      i.severity,
      i.status,
      i.detectors.join(" "),
      i._count.alerts,
      i.alerts[0]?.message,
      i.openedAt,
      i.lastSeenAt,
      i.label,
    ],
  );
}
