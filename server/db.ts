import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { type Prisma, PrismaClient } from "./db/generated/client";
import { hasCommitScope, withAuditScope } from "./audit/audit-scope";
import { env } from "./env";
import { logger } from "./logger";

/** What services take: the shared client, or the transaction an API mutation runs in. */
export type Db = PrismaClient | Prisma.TransactionClient;
export type Tx = Prisma.TransactionClient;

type ReadMethod = "findMany" | "findFirst" | "findFirstOrThrow" | "findUnique" | "findUniqueOrThrow" | "count" | "aggregate" | "groupBy";
type Delegates = { [K in keyof Db as K extends `$${string}` ? never : K extends symbol ? never : K]: Db[K] };

/**
 * What a read-only service takes: the models' read methods and $queryRaw, nothing that writes. The
 * primary's client and a transaction fit it too, so tests and callers in a transaction pass `db` as before.
 */
export type ReadDb = { [K in keyof Delegates]: Pick<Delegates[K], Extract<keyof Delegates[K], ReadMethod>> } & Pick<Db, "$queryRaw">;

// One client per process; Next's bundles and the custom server share it through globalThis.
const globalForDb = globalThis as unknown as { gristmillDb?: PrismaClient; gristmillPool?: pg.Pool };
const pools = new WeakMap<PrismaClient, pg.Pool>();

export function createDb(connectionString = env().DATABASE_URL, options: { max?: number; waitMs?: number; applicationName?: string } = {}): PrismaClient {
  // Bounded and named: the connection budget (server/connection-budget) counts max; pg_stat_activity shows them as gristmill's.
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? env().DATABASE_POOL_MAX,
    connectionTimeoutMillis: options.waitMs ?? env().DATABASE_POOL_WAIT_MS,
    application_name: options.applicationName ?? "gristmill",
  });
  // A server that goes away (restart, failover, a stopped replica) cuts idle connections: the next query reconnects,
  // and without a listener the pool's error event would end the process.
  pool.on("error", (err) =>
    logger.warn(
      { event: "db.idle_connection_lost", application: options.applicationName ?? "gristmill", error: err.message },
      "an idle PostgreSQL connection was closed by the server",
    ),
  );
  const client = new PrismaClient({ adapter: new PrismaPg(pool) });
  pools.set(client, pool);
  return client;
}

export const db: PrismaClient = globalForDb.gristmillDb ?? (globalForDb.gristmillDb = createDb());
if (!globalForDb.gristmillPool) globalForDb.gristmillPool = pools.get(db);

/**
 * The pg pool under the shared client, for the few large values Prisma's query layer would copy several
 * times over (export chunks: 1 MiB bytea values in and out; batched JSON documents such as the run
 * recorder's, which Prisma's query compiler would parse again on every call); everything else goes through Prisma.
 */
export function pgPool(): pg.Pool {
  return globalForDb.gristmillPool!;
}

/** The pg pool under a client made by createDb (the shared one or a test's own). */
export function pgPoolOf(client: PrismaClient): pg.Pool {
  const pool = pools.get(client) ?? (client === globalForDb.gristmillDb ? globalForDb.gristmillPool : undefined);
  if (!pool) throw new Error("this PrismaClient was not made by createDb: it has no pg pool of ours");
  return pool;
}

/**
 * Runs fn in a transaction, or inside the caller's transaction when db already is one. Effects
 * registered with afterCommit inside it run once it has committed (and not at all on rollback).
 */
export async function inTransaction<T>(client: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (!("$transaction" in client)) return fn(client);
  const run = () => client.$transaction(fn, { maxWait: 5_000, timeout: 30_000 });
  if (hasCommitScope()) return run();
  return withAuditScope(async (scope) => {
    const result = await run();
    for (const effect of scope.afterCommit) await effect();
    return result;
  });
}
