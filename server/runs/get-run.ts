import type { ReadDb } from "../db";
import { notFound } from "../errors";

/** One run with everything its page shows: the definition version it ran, its dead letter, what it reran or replayed, and its reruns. */
export async function getRun(db: ReadDb, options: { id: string }) {
  const run = await db.jobRun.findUnique({
    where: { id: options.id },
    include: {
      deadLetter: true,
      replayOf: { select: { id: true, runId: true, lastError: true, createdAt: true } },
      definition: { select: { id: true, name: true, version: true, complexity: true, timeoutMs: true, maxAttempts: true } },
    },
  });
  if (!run) throw notFound("Run");
  const [version, reruns] = await Promise.all([
    run.definitionId && run.definitionVersion
      ? db.jobDefinitionVersion.findUnique({ where: { definitionId_version: { definitionId: run.definitionId, version: run.definitionVersion } } })
      : null,
    db.jobRun.findMany({
      where: { rerunOfId: run.id },
      select: { id: true, status: true, queuedAt: true, paramsEdited: true },
      orderBy: { queuedAt: "desc" },
      take: 20,
    }),
  ]);
  return { ...run, version, reruns };
}
