import type { JobTrigger } from "../db/generated/client";
import type { TriggerFields } from "./schemas";

/** A trigger's fields in the order a jobs file shows them (no id, token or times: tokens never leave the database). */
export const TRIGGER_CONFIG_FIELDS = [
  "name",
  "event",
  "enabled",
  "filter",
  "paramMap",
  "debounceSeconds",
  "concurrencyKey",
  "maxConcurrent",
  "overflow",
] as const;

const sortedKeys = (value: Record<string, unknown>) =>
  Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, value[k]]),
  );

/** A stored trigger as the fields a jobs file holds. */
export function triggerToFields(row: JobTrigger): TriggerFields {
  return {
    name: row.name,
    event: row.event as TriggerFields["event"],
    enabled: row.enabled,
    filter: sortedKeys(row.filter as Record<string, string>) as Record<string, string>,
    paramMap: sortedKeys(row.paramMap as Record<string, string>) as Record<string, string>,
    debounceSeconds: row.debounceSeconds,
    concurrencyKey: row.concurrencyKey,
    maxConcurrent: row.maxConcurrent,
    overflow: row.overflow,
  };
}

/** One trigger entry of the file: fixed field order, maps with sorted keys. */
export function triggerConfigEntry(fields: TriggerFields): Record<string, unknown> {
  const canonical = { ...fields, filter: sortedKeys(fields.filter), paramMap: sortedKeys(fields.paramMap) };
  return Object.fromEntries(TRIGGER_CONFIG_FIELDS.map((field) => [field, canonical[field]]));
}

export const byTriggerName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
