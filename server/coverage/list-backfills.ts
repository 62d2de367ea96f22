import type { Db } from "../db";

/** Recent backfills with their progress: chunks done, readings per second while running, and an ETA. */
export async function listBackfills(db: Db, options: { limit?: number; now?: number } = {}) {
  const now = options.now ?? Date.now();
  const rows = await db.coverageBackfill.findMany({ orderBy: { createdAt: "desc" }, take: options.limit ?? 50, omit: { chunks: true, params: true } });
  return rows.map((b) => {
    const chunksTotal = (b.dryRun as { chunks?: number }).chunks ?? 0;
    const elapsed = b.startedAt ? ((b.finishedAt?.getTime() ?? now) - b.startedAt.getTime()) / 1000 : 0;
    const readingsPerSecond = elapsed > 0 ? Math.round(b.readings / elapsed) : null;
    const etaSeconds = b.status === "running" && b.chunksDone > 0 ? Math.round((elapsed / b.chunksDone) * (chunksTotal - b.chunksDone)) : null;
    return { ...b, chunksTotal, readingsPerSecond, etaSeconds };
  });
}
