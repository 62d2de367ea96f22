import type { SessionUser } from "../auth/session";
import type { Db } from "../db";
import { exportOwnerWhere } from "./list-readings-exports";

/** The stored chunks in order, one row read per chunk: the web process never holds a whole export. */
async function* storedChunks(db: Db, id: string, bytes: number): AsyncGenerator<Buffer> {
  let sent = 0;
  for (let seq = 0; sent < bytes; seq++) {
    const chunk = await db.readingsExportChunk.findUnique({ where: { exportId_seq: { exportId: id, seq } }, select: { data: true } });
    // Retention removed it mid-download: end the response short rather than send a wrong zip quietly.
    if (!chunk) throw new Error(`Readings export ${id} lost chunk ${seq} while being sent`);
    sent += chunk.data.length;
    yield Buffer.from(chunk.data.buffer, chunk.data.byteOffset, chunk.data.length);
  }
}

/**
 * A finished export the user may see (their own, or any for an admin), with its zip as chunks read on
 * demand; null when it does not exist, is not finished or belongs to someone else.
 */
export async function getReadingsExportFile(db: Db, options: { id: string; user: SessionUser }) {
  const row = await db.readingsExport.findFirst({
    where: { id: options.id, status: "succeeded", ...exportOwnerWhere(options.user) },
    select: { id: true, bytes: true, createdAt: true },
  });
  if (!row) return null;
  return { ...row, slices: () => storedChunks(db, row.id, row.bytes) };
}
