import type { Db } from "../db";
import { requestStationExportInput } from "./station-export-schemas";

export interface ExportFileType {
  contentType: string;
  fileName: string;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/** How a finished export is served: a readings export is a zip; a station export its own text file, named after the station and period. */
export async function exportFileType(db: Db, row: { kind: string; stationId: string | null; params: unknown; createdAt: Date }): Promise<ExportFileType> {
  if (row.kind !== "station") {
    const stamp = row.createdAt.toISOString().slice(0, 19).replaceAll(":", "");
    return { contentType: "application/zip", fileName: `gristmill-readings-${stamp}.zip` };
  }
  const params = requestStationExportInput.parse(row.params);
  const station = row.stationId ? await db.station.findUnique({ where: { id: row.stationId }, select: { slug: true } }) : null;
  // The slug is lower-case letters, digits and dashes; anything else is replaced so the header stays one token.
  const slug = (station?.slug ?? "station").replace(/[^a-z0-9_-]+/gi, "_");
  const base = `${slug}-${day(params.from)}-${day(params.to)}`;
  if (params.format === "windographer-txt") return { contentType: "text/plain; charset=utf-8", fileName: `${base}.txt` };
  return { contentType: "text/csv; charset=utf-8", fileName: `${base}${params.format === "long" ? "-long" : ""}.csv` };
}
