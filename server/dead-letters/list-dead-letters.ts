import type { z } from "zod";
import type { Db } from "../db";
import type { Prisma } from "../db/generated/client";
import { deadLetterFilterInput } from "./schemas";

export function deadLetterWhere(filter: Partial<z.infer<typeof deadLetterFilterInput>>): Prisma.DeadLetterWhereInput {
  return {
    id: filter.id,
    kind: filter.kind,
    definitionId: filter.definitionId,
    jobName: filter.jobName,
    errorGroup: filter.errorGroup,
    ...(filter.state === "replayed" ? { replayRunId: { not: null } } : filter.state === "discarded" ? { discardedAt: { not: null } } : filter.state === "pending" ? { replayRunId: null, discardedAt: null } : {}),
  };
}

/** Dead letters grouped by job and error, and the letters themselves (newest first) with their attempt history. */
export async function listDeadLetters(db: Db, options: z.input<typeof deadLetterFilterInput>) {
  const filter = deadLetterFilterInput.parse(options);
  const where = deadLetterWhere(filter);
  const [groups, letters] = await Promise.all([
    db.deadLetter.groupBy({ by: ["kind", "jobName", "errorGroup"], where, _count: { _all: true }, _max: { createdAt: true }, orderBy: { _count: { id: "desc" } }, take: 100 }),
    db.deadLetter.findMany({
      where,
      orderBy: { createdAt: "desc" },
      take: 200,
      // The attempt history is the dead run's errors; the replay's status shows whether the replay helped.
      include: { run: { select: { errors: true, queuedAt: true, priority: true } }, replayRun: { select: { id: true, status: true } } },
    }),
  ]);
  return { groups: groups.map((g) => ({ kind: g.kind, jobName: g.jobName, errorGroup: g.errorGroup, count: g._count._all, latest: g._max.createdAt })), letters };
}
