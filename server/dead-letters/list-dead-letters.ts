import type { z } from "zod";
import type { Db } from "../db";
import type { Prisma } from "../db/generated/client";
import { deadLetterFilterInput } from "./schemas";

export function deadLetterWhere(filter: Partial<z.infer<typeof deadLetterFilterInput>>): Prisma.DeadLetterWhereInput {
  return {
    kind: filter.kind,
    definitionId: filter.definitionId,
    errorGroup: filter.errorGroup,
    ...(filter.state === "replayed" ? { replayRunId: { not: null } } : filter.state === "discarded" ? { discardedAt: { not: null } } : filter.state === "pending" ? { replayRunId: null, discardedAt: null } : {}),
  };
}

/** Dead letters grouped by job and error, and the letters themselves (newest first). */
export async function listDeadLetters(db: Db, options: z.input<typeof deadLetterFilterInput>) {
  const filter = deadLetterFilterInput.parse(options);
  const where = deadLetterWhere(filter);
  const [groups, letters] = await Promise.all([
    db.deadLetter.groupBy({ by: ["kind", "jobName", "errorGroup"], where, _count: { _all: true }, _max: { createdAt: true }, orderBy: { _count: { id: "desc" } }, take: 100 }),
    db.deadLetter.findMany({ where, orderBy: { createdAt: "desc" }, take: 200 }),
  ]);
  return { groups: groups.map((g) => ({ kind: g.kind, jobName: g.jobName, errorGroup: g.errorGroup, count: g._count._all, latest: g._max.createdAt })), letters };
}
