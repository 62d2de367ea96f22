import { db as sharedDb, type Db } from "../db";
import { influx } from "../influx/influx-client";
import { applyReadingsRetention } from "../readings/apply-readings-retention";
import { countReadingsBefore } from "../readings/count-readings-before";
import { deleteReadingsBefore } from "../readings/delete-readings-before";
import { RAW_READINGS_CLASS } from "../readings/readings-schema";
import { clearOlderThan, countOlderThan, deleteOlderThan, type ClearColumn, type PurgeTarget } from "./delete-in-batches";

/** The class of stored original logger files (SensorImport.original). */
export const LOGGER_FILES_CLASS = "logger_files";

export interface RetentionClass {
  key: string;
  label: string;
  defaultDays: number;
  minDays: number;
  maxDays: number;
  /** Only ADMIN may change the period (OPERATOR may change the others). */
  adminOnly?: boolean;
  countExpired(db: Db, cutoff: Date): Promise<number>;
  purgeBatch(db: Db, cutoff: Date, limit: number): Promise<number>;
}

function tableClass(meta: Omit<RetentionClass, "countExpired" | "purgeBatch">, target: PurgeTarget): RetentionClass {
  return {
    ...meta,
    countExpired: (db, cutoff) => countOlderThan(db, target, cutoff),
    purgeBatch: (db, cutoff, limit) => deleteOlderThan(db, target, cutoff, limit),
  };
}

/** Keeps the rows but empties one column once it expires (a run's log lines outlive nothing else). */
function columnClass(meta: Omit<RetentionClass, "countExpired" | "purgeBatch">, target: PurgeTarget, clear: ClearColumn): RetentionClass {
  return {
    ...meta,
    countExpired: (db, cutoff) => countOlderThan(db, target, cutoff, clear),
    purgeBatch: (db, cutoff, limit) => clearOlderThan(db, target, clear, cutoff, limit),
  };
}

/** Reports of some resolutions: the group rows (their sensor rows cascade), then the windows' bookkeeping. */
function reportClass(meta: Omit<RetentionClass, "countExpired" | "purgeBatch">, resolutions: readonly string[]): RetentionClass {
  const also = `"resolution" IN (${resolutions.map((r) => `'${r}'`).join(", ")})`;
  const reports: PurgeTarget = { table: "Report", timeColumn: "windowStart", also };
  const windows: PurgeTarget = { table: "ReportWindow", timeColumn: "windowStart", also };
  return {
    ...meta,
    countExpired: (db, cutoff) => countOlderThan(db, reports, cutoff),
    purgeBatch: async (db, cutoff, limit) => {
      const removed = await deleteOlderThan(db, reports, cutoff, limit);
      // Bookkeeping goes once its reports are gone; it is not counted as records.
      if (removed < limit) while ((await deleteOlderThan(db, windows, cutoff, limit)) === limit);
      return removed;
    },
  };
}

/**
 * Readings exports: finished ones, and ones whose run ended without finishing them (a dead worker's). Their
 * zip chunks (up to a GiB each) go first in bounded batches, so no statement deletes whole exports' worth.
 */
function exportsClass(meta: Omit<RetentionClass, "countExpired" | "purgeBatch">): RetentionClass {
  const target: PurgeTarget = {
    table: "ReadingsExport",
    timeColumn: "createdAt",
    also: `"status" IN ('succeeded', 'failed') OR ("runId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "JobRun" r WHERE r.id = "ReadingsExport"."runId" AND r.status IN ('queued', 'running')))`,
  };
  const chunkBatch = 64;
  const deleteChunks = `DELETE FROM "ReadingsExportChunk" WHERE ctid IN (SELECT ctid FROM "ReadingsExportChunk" WHERE "exportId" IN (SELECT id FROM "ReadingsExport" WHERE "createdAt" < $1 AND (${target.also})) LIMIT $2)`;
  return {
    ...meta,
    countExpired: (db, cutoff) => countOlderThan(db, target, cutoff),
    purgeBatch: async (db, cutoff, limit) => {
      while ((await db.$executeRawUnsafe(deleteChunks, cutoff, chunkBatch)) === chunkBatch);
      return deleteOlderThan(db, target, cutoff, limit);
    },
  };
}

const auditTarget: PurgeTarget = { table: "AuditEvent", timeColumn: "at" };

/** Every class of data Gristmill expires, with its default and the range the server allows. Domains add theirs here. */
export const retentionClasses: RetentionClass[] = [
  columnClass(
    { key: "run_logs", label: "Run logs", defaultDays: 30, minDays: 7, maxDays: 90 },
    { table: "JobRun", timeColumn: "finishedAt" },
    { column: "logs", emptyValue: "'[]'::jsonb" },
  ),
  // Before run results: a run whose dead letter expires in this pass can then go in the same pass.
  tableClass(
    { key: "dead_letters", label: "Error records and dead letters", defaultDays: 60, minDays: 30, maxDays: 180 },
    { table: "DeadLetter", timeColumn: "createdAt" },
  ),
  // A run with a dead letter stays while the dead letter does: it holds the attempt history the replay needs.
  tableClass(
    { key: "run_results", label: "Run results", defaultDays: 90, minDays: 30, maxDays: 365 },
    { table: "JobRun", timeColumn: "finishedAt", also: `NOT EXISTS (SELECT 1 FROM "DeadLetter" d WHERE d."runId" = "JobRun".id)` },
  ),
  reportClass({ key: "reports_5m", label: "5-minute reports", defaultDays: 30, minDays: 7, maxDays: 90 }, ["5m"]),
  reportClass({ key: "reports_hourly", label: "Hourly reports", defaultDays: 180, minDays: 30, maxDays: 730 }, ["1h"]),
  reportClass({ key: "reports_daily", label: "Daily, weekly and monthly reports", defaultDays: 1825, minDays: 365, maxDays: 3650 }, ["1d", "1w", "1mo"]),
  // Only finished exports (or a dead run's): one still being written belongs to a running job.
  exportsClass({ key: "readings_exports", label: "Readings exports (zip files)", defaultDays: 14, minDays: 1, maxDays: 90 }),
  // The rows (counts, period, report) stay; only the stored original goes.
  columnClass(
    { key: LOGGER_FILES_CLASS, label: "Original logger files", defaultDays: 3650, minDays: 30, maxDays: 36500 },
    { table: "SensorImport", timeColumn: "createdAt" },
    { column: "original", emptyValue: "NULL" },
  ),
  tableClass(
    { key: "metrics_history", label: "Metrics history", defaultDays: 365, minDays: 90, maxDays: 730 },
    { table: "JobMetricMinute", timeColumn: "minute" },
  ),
  {
    key: "audit_trail",
    label: "Audit trail",
    defaultDays: 730,
    minDays: 365, // the database refuses to delete a younger audit row whatever is stored (see the audit_trail_min_age migration)
    maxDays: 2555,
    adminOnly: true,
    countExpired: (db, cutoff) => countOlderThan(db, auditTarget, cutoff),
    // The append-only trigger lets only a transaction that sets gristmill.audit_purge delete.
    purgeBatch: (db, cutoff, limit) => {
      const client = "$transaction" in db ? db : sharedDb;
      return client.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT set_config('gristmill.audit_purge', 'on', true)`;
        return deleteOlderThan(tx, auditTarget, cutoff, limit);
      });
    },
  },
  {
    key: RAW_READINGS_CLASS,
    label: "Raw readings",
    defaultDays: 36500, // met-mast archives go back decades and are imported late: ten years already dropped 2016 files
    minDays: 7,
    maxDays: 36500,
    countExpired: (_db, cutoff) => countReadingsBefore(influx(), { cutoff }),
    // InfluxDB expires by shard through the retention policy; the policy follows the class and the rest goes now.
    purgeBatch: async (_db, cutoff) => {
      const removed = await countReadingsBefore(influx(), { cutoff });
      await applyReadingsRetention(influx(), { days: (Date.now() - cutoff.getTime()) / 86_400_000 });
      if (removed > 0) await deleteReadingsBefore(influx(), { cutoff });
      return removed;
    },
  },
];

export function findRetentionClass(key: string): RetentionClass | undefined {
  return retentionClasses.find((c) => c.key === key);
}
