import type { z } from "zod";
import type { Db } from "../db";
import { DomainError } from "../errors";
import { retentionDays } from "./list-retention-policies";
import { findRetentionClass, type RetentionClass } from "./retention-classes";
import { previewRetentionChangeInput } from "./schemas";

export function requireClassInRange(dataClass: string, days: number): RetentionClass {
  const rc = findRetentionClass(dataClass);
  if (!rc) throw new DomainError("NOT_FOUND", `Unknown data class "${dataClass}".`, { field: "dataClass" });
  if (days < rc.minDays || days > rc.maxDays) {
    throw new DomainError("INVALID", `${rc.label} must be kept between ${rc.minDays} and ${rc.maxDays} days (got ${days}).`, {
      field: "days",
      min: rc.minDays,
      max: rc.maxDays,
    });
  }
  return rc;
}

export const cutoffFor = (days: number, now = Date.now()) => new Date(now - days * 86_400_000);

/** What a change would do: how many records the new period removes beyond what the current one does. */
export async function previewRetentionChange(db: Db, options: z.input<typeof previewRetentionChangeInput>) {
  const { dataClass, days } = previewRetentionChangeInput.parse(options);
  const rc = requireClassInRange(dataClass, days);
  const currentDays = await retentionDays(db, dataClass);
  const willRemove = days < currentDays ? await rc.countExpired(db, cutoffFor(days)) : 0;
  return { dataClass, label: rc.label, currentDays, days, shortening: days < currentDays, willRemove };
}
