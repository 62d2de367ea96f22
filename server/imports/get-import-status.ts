import type { Db } from "../db";
import { importSummarySelect } from "./create-sensor-import";

/**
 * An import as `GET /api/imports/<id>` shows it: status, progress %, rows, points, period, the read
 * report, the columns it uses (column → sensor key) and those held with the points they propose.
 * A source sees only its own imports (others answer as missing); a signed-in staff member sees any.
 */
export async function getImportStatus(db: Db, options: { id: string; sourceId?: string }) {
  const record = await db.sensorImport.findUnique({
    where: { id: options.id },
    select: { ...importSummarySelect, sourceId: true, columnMap: true, progress: true },
  });
  if (!record || (options.sourceId !== undefined && record.sourceId !== options.sourceId)) return null;
  const held =
    record.loggerId && record.heldColumns.length
      ? await db.loggerColumn.findMany({
          where: { loggerId: record.loggerId, name: { in: record.heldColumns } },
          select: { name: true, proposal: true, unit: true },
        })
      : [];
  return {
    id: record.id,
    fileName: record.fileName,
    format: record.format,
    status: record.status,
    progress: record.progress,
    rows: record.rows,
    points: record.points,
    firstAt: record.firstAt,
    lastAt: record.lastAt,
    errors: record.errors,
    report: record.report,
    loggerId: record.loggerId,
    columns: record.columnMap,
    held: held.map((c) => ({ column: c.name, unit: c.unit, proposes: c.proposal })),
    createdAt: record.createdAt,
    finishedAt: record.finishedAt,
  };
}
