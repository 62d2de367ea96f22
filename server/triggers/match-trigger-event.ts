import { severityRank } from "../anomaly/alert-grouping/alert-group";
import type { TriggerEvent, TriggerFilter } from "./trigger-events";

type Fields = Record<string, unknown>;

/** Each filter key is one test of the event's fields; a filter key with no test here never matches. */
const tests: Record<string, (want: string, fields: Fields) => boolean> = {
  minSeverity: (want, f) => (severityRank[f.severity as keyof typeof severityRank] ?? 0) >= (severityRank[want as keyof typeof severityRank] ?? Infinity),
  sensorKeyPrefix: (want, f) => typeof f.sensorKey === "string" && f.sensorKey.startsWith(want),
};
const equals = (key: string) => (want: string, f: Fields) => f[key] === want;

/** Whether an event of the trigger's kind passes its filter (every given key must hold). */
export function eventMatchesFilter(event: TriggerEvent, filter: TriggerFilter, fields: Fields): boolean {
  if (event === "http") return true;
  return Object.entries(filter).every(([key, want]) => want === undefined || (tests[key] ?? equals(key))(want, fields));
}
