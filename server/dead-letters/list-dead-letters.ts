import type { z } from "zod";
import type { Db } from "../db";
import type { Prisma } from "../db/generated/client";
import { deadLetterFilterInput, listDeadLettersInput } from "./schemas";

export function deadLetterWhere(filter: Partial<z.infer<typeof deadLetterFilterInput>>): Prisma.DeadLetterWhereInput {
  const text = filter.search ? { contains: filter.search, mode: "insensitive" as const } : undefined;
  return {
    id: filter.id,
    kind: filter.kind,
    definitionId: filter.definitionId,
    jobName: filter.jobName,
    errorGroup: filter.errorGroup,
    ...(filter.search ? { OR: [{ id: filter.search }, { runId: filter.search }, { jobName: text }, { lastError: text }] } : {}),
    ...(filter.state === "replayed"
      ? { replayRunId: { not: null } }
      : filter.state === "discarded"
        ? { discardedAt: { not: null } }
        : filter.state === "pending"
          ? { replayRunId: null, discardedAt: null }
          : {}),
  };
}

/** Dead letters of the view grouped by job and error, the largest groups first. */
export async function listDeadLetterGroups(db: Db, options: z.input<typeof deadLetterFilterInput>) {
  const filter = deadLetterFilterInput.parse(options);
  const groups = await db.deadLetter.groupBy({
    by: ["kind", "jobName", "errorGroup"],
    where: deadLetterWhere(filter),
    _count: { _all: true },
    _max: { createdAt: true },
    orderBy: { _count: { id: "desc" } },
    take: 100,
  });
  return groups.map((g) => ({ kind: g.kind, jobName: g.jobName, errorGroup: g.errorGroup, count: g._count._all, latest: g._max.createdAt }));
}

/**
 * One page of the view's dead letters in the chosen order, keyset-paged on (column, id), with their attempt
 * history; the first page also counts the whole view.
 */
/** A dead letter as the dead-letter table shows it: with its run's errors and its replay's state. */
export type ListedDeadLetter = Awaited<ReturnType<typeof listDeadLetters>>["letters"][number];

export async function listDeadLetters(db: Db, options: z.input<typeof listDeadLettersInput>) {
  const { cursor, limit, sort, dir, ...filter } = listDeadLettersInput.parse(options);
  const where = deadLetterWhere(filter);
  const [total, letters] = await Promise.all([
    cursor ? null : db.deadLetter.count({ where }),
    db.deadLetter.findMany({
      where,
      orderBy: [{ [sort]: dir }, { id: dir }],
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      take: limit + 1,
      // The attempt history is the dead run's errors; the replay's status shows whether the replay helped.
      include: { run: { select: { errors: true, queuedAt: true, priority: true } }, replayRun: { select: { id: true, status: true } } },
    }),
  ]);
  const page = letters.slice(0, limit);
  return { letters: page, total, nextCursor: letters.length > limit ? page[page.length - 1].id : null };
}
