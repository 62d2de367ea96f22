import { randomUUID } from "node:crypto";

/** Ids of notification records: a prefix and 32 hex digits. */
export function createId(prefix: "nch" | "ntf" | "nrt" | "nsl"): string {
  return `${prefix}_${randomUUID().replaceAll("-", "")}`;
}
