import type { Db } from "../db";

/** The original file of an import as it was received, while its retention class keeps it; a source gets only its own. */
export async function getImportOriginal(db: Db, options: { id: string; sourceId?: string }) {
  const record = await db.sensorImport.findUnique({ where: { id: options.id }, select: { fileName: true, original: true, sourceId: true, createdAt: true } });
  if (!record?.original || (options.sourceId !== undefined && record.sourceId !== options.sourceId)) return null;
  return { fileName: record.fileName, bytes: record.original, createdAt: record.createdAt };
}
