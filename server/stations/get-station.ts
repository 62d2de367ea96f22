import type { z } from "zod";
import type { Db } from "../db";
import { notFound } from "../errors";
import { importSummarySelect } from "../imports/create-sensor-import";
import type { stationIdInput } from "./schemas";

/** A station with its loggers (and their column mappings), points (with sensor keys) and latest files. */
export async function getStation(db: Db, options: z.input<typeof stationIdInput>) {
  const station = await db.station.findUnique({
    where: { id: options.id },
    include: {
      loggers: { orderBy: { serial: "asc" }, include: { columns: { orderBy: { firstSeenAt: "asc" } }, imports: { orderBy: { createdAt: "desc" }, take: 50, select: { ...importSummarySelect, heldColumns: true } } } },
      points: { orderBy: [{ quantity: "asc" }, { heightM: "desc" }, { name: "asc" }], include: { sensor: { select: { key: true, lastReadingAt: true, lastValue: true } } } },
    },
  });
  if (!station) throw notFound("Station");
  return station;
}
