import type { SessionUser } from "../auth/session";
import { pgPool, type Db } from "../db";
import { exportFileType } from "./export-file-type";
import { exportOwnerWhere } from "./list-readings-exports";

/** The stored chunks in order, one row read per chunk (through pg: see pgPool): the web process never holds a whole export. */
async function* storedChunks(id: string, bytes: number): AsyncGenerator<Buffer> {
  let sent = 0;
  for (let seq = 0; sent < bytes; seq++) {
    const { rows } = await pgPool().query<{ data: Buffer }>(`SELECT "data" FROM "ReadingsExportChunk" WHERE "exportId" = $1 AND "seq" = $2`, [id, seq]);
    // Retention removed it mid-download: end the response short rather than send a wrong zip quietly.
    if (!rows[0]) throw new Error(`Readings export ${id} lost chunk ${seq} while being sent`);
    sent += rows[0].data.length;
    yield rows[0].data;
  }
}

/**
 * A finished export the user may see (their own, or any for an admin), with how it is served and its file
 * (a zip, or a station's text file) as chunks read on demand; null when it does not exist, is not finished or belongs to someone else.
 */
export async function getReadingsExportFile(db: Db, options: { id: string; user: SessionUser }) {
  const row = await db.readingsExport.findFirst({
    where: { id: options.id, status: "succeeded", ...exportOwnerWhere(options.user) },
    select: { id: true, bytes: true, createdAt: true, kind: true, stationId: true, params: true },
  });
  if (!row) return null;
  return { id: row.id, bytes: row.bytes, createdAt: row.createdAt, ...(await exportFileType(db, row)), slices: () => storedChunks(row.id, row.bytes) };
}
