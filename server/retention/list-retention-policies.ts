import type { Db } from "../db";
import { retentionClasses } from "./retention-classes";

export async function listRetentionPolicies(db: Db) {
  const stored = new Map((await db.retentionPolicy.findMany()).map((p) => [p.dataClass, p]));
  return retentionClasses.map((c) => ({
    dataClass: c.key,
    label: c.label,
    days: stored.get(c.key)?.days ?? c.defaultDays,
    defaultDays: c.defaultDays,
    minDays: c.minDays,
    maxDays: c.maxDays,
    updatedAt: stored.get(c.key)?.updatedAt ?? null,
  }));
}

export async function retentionDays(db: Db, key: string): Promise<number> {
  const policies = await listRetentionPolicies(db);
  const policy = policies.find((p) => p.dataClass === key);
  if (!policy) throw new Error(`unknown retention class ${key}`);
  return policy.days;
}
