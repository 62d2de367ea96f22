import type { z } from "zod";
import type { Db } from "../db";
import { DomainError } from "../errors";
import { logger } from "../logger";
import { listRetentionPolicies } from "./list-retention-policies";
import { cutoffFor } from "./preview-retention-change";
import { findRetentionClass } from "./retention-classes";
import { runRetentionPurgeInput } from "./schemas";

export interface PurgeClassResult {
  dataClass: string;
  days: number;
  cutoff: string;
  removed: number;
  dryRun: boolean;
}

/**
 * Applies every policy: deletes expired records class by class in bounded batches (each its own
 * short statement), so it can be interrupted anywhere and run again to the same end state.
 */
export async function runRetentionPurge(
  db: Db,
  options: z.input<typeof runRetentionPurgeInput> & { onProgress?: (done: number, total: number) => Promise<void> | void; signal?: AbortSignal } = {},
): Promise<{ classes: PurgeClassResult[]; removed: number }> {
  const { dryRun, batchSize, dataClasses } = runRetentionPurgeInput.parse(options);
  for (const key of dataClasses ?? []) if (!findRetentionClass(key)) throw new DomainError("INVALID", `Unknown data class "${key}".`, { field: "dataClasses" });
  const policies = (await listRetentionPolicies(db)).filter((p) => !dataClasses || dataClasses.includes(p.dataClass));
  const classes: PurgeClassResult[] = [];
  for (const [index, policy] of policies.entries()) {
    const rc = findRetentionClass(policy.dataClass)!;
    const cutoff = cutoffFor(policy.days);
    let removed = 0;
    if (dryRun) removed = await rc.countExpired(db, cutoff);
    else {
      for (;;) {
        if (options.signal?.aborted) throw new Error("retention purge aborted");
        const n = await rc.purgeBatch(db, cutoff, batchSize);
        removed += n;
        if (n < batchSize) break;
      }
    }
    classes.push({ dataClass: policy.dataClass, days: policy.days, cutoff: cutoff.toISOString(), removed, dryRun });
    logger.info({ event: "retention.class_done", dataClass: policy.dataClass, removed, dryRun }, dryRun ? "retention dry run" : "retention purge");
    await options.onProgress?.(index + 1, policies.length);
  }
  return { classes, removed: classes.reduce((n, c) => n + c.removed, 0) };
}
