import type { z } from "zod";
import type { Db } from "../db";
import { notFound } from "../errors";
import { importSummarySelect } from "../imports/create-sensor-import";
import { retentionDays } from "../retention/list-retention-policies";
import { LOGGER_FILES_CLASS } from "../retention/retention-classes";
import type { stationIdInput } from "./schemas";

/** A station with its loggers (and their column mappings), points (with sensor keys) and latest files. */
export async function getStation(db: Db, options: z.input<typeof stationIdInput>) {
  const station = await db.station.findUnique({
    where: { id: options.id },
    include: {
      loggers: {
        orderBy: { serial: "asc" },
        include: {
          columns: { orderBy: { firstSeenAt: "asc" } },
          imports: { orderBy: { createdAt: "desc" }, take: 50, select: { ...importSummarySelect, heldColumns: true } },
        },
      },
      points: {
        orderBy: [{ quantity: "asc" }, { heightM: "desc" }, { name: "asc" }],
        include: { sensor: { select: { key: true, lastReadingAt: true, lastValue: true } }, configs: { orderBy: { dateFrom: "desc" }, take: 50 } },
      },
    },
  });
  if (!station) throw notFound("Station");
  // Each file's original is downloadable until this many days after it arrived (the logger_files retention class).
  return { ...station, fileRetention: { dataClass: LOGGER_FILES_CLASS, days: await retentionDays(db, LOGGER_FILES_CLASS) } };
}
