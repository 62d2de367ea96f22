import type { SessionUser } from "../auth/session";
import type { Db } from "../db";
import { exportOwnerWhere } from "./list-readings-exports";

/** Bytes per database read while a zip is sent: the web process never holds a whole export. */
const SLICE_BYTES = 1024 * 1024;

async function* contentSlices(db: Db, id: string, bytes: number, sliceBytes: number): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < bytes; offset += sliceBytes) {
    // As base64 text: the driver adapter cannot return raw bytea from a raw query.
    const [row] = await db.$queryRaw<Array<{ slice: string | null }>>`
      SELECT encode(substring(content FROM ${offset + 1}::int FOR ${sliceBytes}::int), 'base64') AS slice FROM "ReadingsExport" WHERE id = ${id}`;
    if (!row?.slice) throw new Error(`Readings export ${id} lost its content while being sent`);
    yield Buffer.from(row.slice, "base64");
  }
}

/**
 * A finished export the user may see (their own, or any for an admin), with its zip as slices read on
 * demand; null when it does not exist, is not finished or belongs to someone else.
 */
export async function getReadingsExportFile(db: Db, options: { id: string; user: SessionUser; sliceBytes?: number }) {
  const row = await db.readingsExport.findFirst({
    where: { id: options.id, status: "succeeded", content: { not: null }, ...exportOwnerWhere(options.user) },
    select: { id: true, bytes: true, createdAt: true },
  });
  if (!row) return null;
  return { ...row, slices: () => contentSlices(db, row.id, row.bytes, options.sliceBytes ?? SLICE_BYTES) };
}
