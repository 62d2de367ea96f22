import type { Db } from "../db";
import { DomainError } from "../errors";

const DAY_MS = 24 * 60 * 60_000;
/** Longer than an export job may run (its timeout is an hour): an older "running" row is a dead worker's and no longer counts. */
const ACTIVE_WINDOW_MS = 2 * 60 * 60_000;

export interface CheckExportLimitsOptions {
  requestedBy: string;
  maxActive: number;
  maxPerDay: number;
  now?: Date;
}

/**
 * Refuses (RATE_LIMITED, saying when to retry) a user past their exports at once or per rolling day.
 * Run inside the request's transaction: a per-user advisory lock makes two simultaneous requests count in turn.
 */
export async function checkExportLimits(db: Db, options: CheckExportLimitsOptions): Promise<void> {
  const now = options.now ?? new Date();
  await db.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`readings-export:${options.requestedBy}`}))`;
  const active = await db.readingsExport.count({
    where: { requestedBy: options.requestedBy, status: { in: ["queued", "running"] }, createdAt: { gt: new Date(now.getTime() - ACTIVE_WINDOW_MS) } },
  });
  if (active >= options.maxActive) {
    throw new DomainError(
      "RATE_LIMITED",
      `You already have ${active} exports queued or running (at most ${options.maxActive} at once); wait for one to finish.`,
      { limit: "active" },
    );
  }
  const today = await db.readingsExport.findMany({
    where: { requestedBy: options.requestedBy, createdAt: { gt: new Date(now.getTime() - DAY_MS) } },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true },
    take: options.maxPerDay,
  });
  if (today.length >= options.maxPerDay) {
    const retryAt = new Date(today[0].createdAt.getTime() + DAY_MS);
    throw new DomainError(
      "RATE_LIMITED",
      `You have requested ${options.maxPerDay} exports in the last 24 hours, the limit; try again after ${retryAt.toISOString().slice(0, 16).replace("T", " ")} UTC.`,
      { limit: "daily", retryAt: retryAt.toISOString() },
    );
  }
}
