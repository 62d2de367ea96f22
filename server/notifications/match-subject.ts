import type { Matchers } from "./schemas";

/** What routes and silences match on: an anomaly incident, or an operational alert. */
export interface NotificationSubject {
  kind: string;
  severity: "warning" | "critical";
  region?: string | null;
  infraType?: string | null;
  site?: string | null;
  sensorKey?: string | null;
  quantity?: string | null;
  detectors?: readonly string[];
}

/** Every matcher key must hold; within a key any value will do; a detector matcher holds when any of the subject's detectors is listed. */
export function matchSubject(matchers: Matchers, subject: NotificationSubject): boolean {
  for (const [key, wanted] of Object.entries(matchers) as Array<[keyof Matchers, readonly string[] | undefined]>) {
    if (!wanted) continue;
    if (key === "detector") {
      if (!(subject.detectors ?? []).some((d) => wanted.includes(d))) return false;
      continue;
    }
    const value = subject[key];
    if (value === null || value === undefined || !wanted.includes(value)) return false;
  }
  return true;
}
