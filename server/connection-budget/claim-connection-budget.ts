import os from "node:os";
import type { PrismaClient } from "../db/generated/client";
import { DomainError } from "../errors";
import { budgetVerdict, type BudgetVerdict, type ProcessRole } from "./budget-verdict";

/** A claim not refreshed for this long belongs to a process that died without letting go. */
export const CLAIM_STALE_MS = 30_000;
const REFRESH_MS = 10_000;

export interface ConnectionClaimHandle {
  verdict: BudgetVerdict;
  /** Lets go of the claim (on shutdown). */
  release(): Promise<void>;
}

/**
 * Claims this process's share of PostgreSQL's connections before it opens them, under an advisory lock
 * so two processes starting at once cannot both take the last ones; refused with a DomainError that says
 * what to change. The claim is refreshed while the process runs and released on shutdown.
 */
export async function claimConnectionBudget(
  db: PrismaClient,
  options: { role: ProcessRole; processId: string; pgConnections: number; webReserve: number },
): Promise<ConnectionClaimHandle> {
  const row = { processId: options.processId, role: options.role, host: os.hostname(), pid: process.pid, pgConnections: options.pgConnections };
  const verdict = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('gristmill:connection-budget'))`;
    await tx.connectionClaim.deleteMany({ where: { OR: [{ seenAt: { lt: new Date(Date.now() - CLAIM_STALE_MS) } }, { processId: options.processId }] } });
    const [settings] = await tx.$queryRaw<Array<{ max: number; reserved: number }>>`
      SELECT current_setting('max_connections')::int AS max, current_setting('superuser_reserved_connections')::int AS reserved`;
    const claims = await tx.connectionClaim.findMany({ select: { role: true, pgConnections: true } });
    const v = budgetVerdict({
      role: options.role,
      mine: options.pgConnections,
      maxConnections: settings.max,
      superuserReserved: settings.reserved,
      webReserve: options.webReserve,
      claims,
    });
    if (!v.ok) throw new DomainError("UNAVAILABLE", v.message, { ...v });
    await tx.connectionClaim.create({ data: row });
    return v;
  });
  // An upsert: after an outage longer than the stale time the claim is put back, not lost.
  const refresh = setInterval(() => {
    void db.connectionClaim.upsert({ where: { processId: options.processId }, update: { seenAt: new Date() }, create: row }).catch(() => undefined);
  }, REFRESH_MS);
  refresh.unref();
  return {
    verdict,
    release: async () => {
      clearInterval(refresh);
      await db.connectionClaim.deleteMany({ where: { processId: options.processId } }).catch(() => undefined);
    },
  };
}
