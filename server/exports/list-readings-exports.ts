import type { SessionUser } from "../auth/session";
import type { Db } from "../db";
import { readingsExportSelect } from "./readings-export-select";

/** Whose exports a user sees: their own, or everyone's for an admin. */
export const exportOwnerWhere = (user: SessionUser) => (user.role === "ADMIN" ? {} : { requestedBy: user.email });

/** The newest readings exports (zips of quantities) the user may see, with progress; never the zip itself. */
export async function listReadingsExports(db: Db, options: { user: SessionUser; limit?: number }) {
  return db.readingsExport.findMany({
    where: { kind: "readings", ...exportOwnerWhere(options.user) },
    orderBy: { createdAt: "desc" },
    take: options.limit ?? 50,
    select: readingsExportSelect,
  });
}

/** The newest exports of one station the user may see (their own, or everyone's for an admin), with progress and size so far. */
export async function listStationExports(db: Db, options: { user: SessionUser; stationId: string; limit?: number }) {
  return db.readingsExport.findMany({
    where: { kind: "station", stationId: options.stationId, ...exportOwnerWhere(options.user) },
    orderBy: { createdAt: "desc" },
    take: options.limit ?? 20,
    select: readingsExportSelect,
  });
}

/** One export as the console lists it. */
export type ListedExport = Awaited<ReturnType<typeof listReadingsExports>>[number];
