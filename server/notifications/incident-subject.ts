import type { NotificationSubject } from "./match-subject";

/** What routes and silences match an anomaly incident on (its sensor's site is not on the incident). */
export function incidentSubject(
  incident: { severity: string; region: string | null; infraType: string | null; sensorKey: string; quantity: string | null; detectors: string[] },
  site: string | null,
): NotificationSubject {
  return {
    kind: "anomaly",
    severity: incident.severity as "warning" | "critical",
    region: incident.region,
    infraType: incident.infraType,
    site,
    sensorKey: incident.sensorKey,
    quantity: incident.quantity,
    detectors: incident.detectors,
  };
}
