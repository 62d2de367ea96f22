import type { z } from "zod";
import type { Db } from "../db";
import type { Prisma } from "../db/generated/client";
import { listRunsInput } from "./schemas";

/** Newest first on the indexed queuedAt, keyset-paginated, so a million runs page as fast as a hundred. */
export async function listRuns(db: Db, options: z.input<typeof listRunsInput>) {
  const { cursor, limit, search, from, to, ...filter } = listRunsInput.parse(options);
  const where: Prisma.JobRunWhereInput = {
    ...filter,
    queuedAt: from || to ? { gte: from, lte: to } : undefined,
    OR: search
      ? [{ id: search }, { jobName: { contains: search, mode: "insensitive" } }, { kind: search }, { params: { string_contains: search } }]
      : undefined,
  };
  const [queuedAt, id] = cursor ? cursor.split("|") : [];
  const rows = await db.jobRun.findMany({
    where: cursor ? { AND: [where, { OR: [{ queuedAt: { lt: new Date(queuedAt) } }, { queuedAt: new Date(queuedAt), id: { lt: id } }] }] } : where,
    orderBy: [{ queuedAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: { id: true, jobName: true, kind: true, priority: true, status: true, trigger: true, triggeredBy: true, queuedAt: true, startedAt: true, finishedAt: true, attempts: true, slaBreached: true, definitionId: true, definitionVersion: true },
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { runs: page, nextCursor: rows.length > limit && last ? `${last.queuedAt.toISOString()}|${last.id}` : null };
}

export function getRun(db: Db, id: string) {
  return db.jobRun.findUnique({ where: { id }, include: { deadLetter: true, replayOf: true } });
}
