import { ZodError } from "zod";
import { createDb, db, type ReadDb } from "../db";
import type { PrismaClient } from "../db/generated/client";
import { env } from "../env";
import { DomainError } from "../errors";
import { ReplicaMonitor } from "./replica-monitor";

// One per process, on globalThis like `db`: the custom server and Next's bundles share it.
const globalForReplica = globalThis as unknown as { gristmillReplica?: ReplicaMonitor | null };

/**
 * Web processes start it at boot (server/main.ts), as their connection claim counts its pool; elsewhere (workers,
 * tests) there is none and every read goes to the primary. Null without READ_DATABASE_URL.
 */
export function startReplicaMonitor(): ReplicaMonitor | null {
  if (globalForReplica.gristmillReplica) return globalForReplica.gristmillReplica;
  const config = env();
  if (!config.READ_DATABASE_URL) return null;
  // A short wait for a connection: a hung replica costs a read this long before it falls back.
  const replica: PrismaClient = createDb(config.READ_DATABASE_URL, {
    max: config.READ_DATABASE_POOL_MAX,
    waitMs: Math.min(2_000, config.DATABASE_POOL_WAIT_MS),
    applicationName: "gristmill-read",
  });
  const monitor = new ReplicaMonitor(db, replica, {
    maxLagMs: config.READ_REPLICA_MAX_LAG_MS,
    probeMs: config.READ_REPLICA_PROBE_MS,
    timeoutMs: Math.max(500, config.HEALTH_TIMEOUT_MS),
  });
  monitor.start();
  return (globalForReplica.gristmillReplica = monitor);
}

/** This process's replica monitor, if it started one. */
export const replicaMonitor = (): ReplicaMonitor | null => globalForReplica.gristmillReplica ?? null;

/** An error the primary would give as well: the input or the rules, not the replica. */
const isCallersError = (err: unknown) => err instanceof ZodError || (err instanceof DomainError && err.code !== "NOT_FOUND");

/**
 * Runs a read that tolerates READ_REPLICA_MAX_LAG_MS of staleness on the replica when it is up and within
 * the bound, else on the primary. A replica that fails the read is marked down and the read runs again on
 * the primary at once; NOT_FOUND is asked of the primary too, as the row may be newer than the replica
 * (a run's page opened right after its rerun).
 */
export async function readFromReplica<T>(read: (client: ReadDb) => Promise<T>, monitor = replicaMonitor()): Promise<T> {
  if (!monitor?.state.serving) {
    if (monitor) monitor.counts.primary++;
    return read(monitor?.primary ?? db);
  }
  try {
    const result = await read(monitor.replica);
    monitor.counts.replica++;
    return result;
  } catch (err) {
    if (isCallersError(err)) throw err;
    if (!(err instanceof DomainError)) monitor.markDown(err);
    monitor.counts.retriedOnPrimary++;
    return read(monitor.primary);
  }
}
