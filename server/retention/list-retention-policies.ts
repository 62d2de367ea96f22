import type { Db } from "../db";
import { retentionClasses } from "./retention-classes";

/** Each class's period; a stored one outside the class's range (written by hand or by an older version) reads as the nearest bound. */
export async function listRetentionPolicies(db: Db) {
  const stored = new Map((await db.retentionPolicy.findMany()).map((p) => [p.dataClass, p]));
  return retentionClasses.map((c) => ({
    dataClass: c.key,
    label: c.label,
    days: Math.min(c.maxDays, Math.max(c.minDays, stored.get(c.key)?.days ?? c.defaultDays)),
    defaultDays: c.defaultDays,
    minDays: c.minDays,
    maxDays: c.maxDays,
    adminOnly: c.adminOnly ?? false,
    updatedAt: stored.get(c.key)?.updatedAt ?? null,
  }));
}

export async function retentionDays(db: Db, key: string): Promise<number> {
  const policies = await listRetentionPolicies(db);
  const policy = policies.find((p) => p.dataClass === key);
  if (!policy) throw new Error(`unknown retention class ${key}`);
  return policy.days;
}
