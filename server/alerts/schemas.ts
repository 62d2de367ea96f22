import { z } from "zod";

export const alertSeverity = z.enum(["warning", "critical"]);
export const alertStatus = z.enum(["open", "acknowledged", "resolved"]);

/** What the incident list shows: the filter and the order; the page and the CSV download take the same. */
export const incidentFilterInput = z.object({
  severity: alertSeverity.optional(),
  status: alertStatus.optional(),
  region: z.string().max(100).optional(),
  infraType: z.string().max(100).optional(),
  sensorKey: z.string().max(200).optional(),
  sort: z.enum(["lastSeenAt", "openedAt"]).default("lastSeenAt"),
  dir: z.enum(["asc", "desc"]).default("desc"),
});

export const listIncidentsInput = incidentFilterInput.extend({
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});

export const incidentIdInput = z.object({ id: z.string().min(1).max(200) });

/** Staff's verdict on an incident; null clears it. */
export const incidentLabel = z.enum(["real", "not_anomaly"]);
export type IncidentLabel = z.infer<typeof incidentLabel>;
export const labelIncidentInput = z.object({ id: z.string().min(1).max(200), label: incidentLabel.nullable() }).strict();
