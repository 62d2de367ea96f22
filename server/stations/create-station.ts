import type { z } from "zod";
import { recordChange } from "../audit/audit-scope";
import type { Db } from "../db";
import { DomainError, isUniqueViolation } from "../errors";
import { createStationInput } from "./schemas";

/** "North Mast 2" → "north-mast-2": the prefix of its points' sensor keys. */
export function stationSlug(name: string): string {
  return (
    name
      .normalize("NFKD")
      .replace(/[^\w\s-]/g, "")
      .trim()
      .toLowerCase()
      .replace(/[\s_]+/g, "-")
      .slice(0, 60) || "station"
  );
}

export async function createStation(db: Db, options: z.input<typeof createStationInput> & { createdBy?: string }) {
  const fields = createStationInput.parse(options);
  try {
    const station = await db.station.create({ data: { ...fields, slug: stationSlug(fields.name), createdBy: options.createdBy } });
    recordChange({ targetType: "station", targetId: station.id, after: station });
    return station;
  } catch (err) {
    if (isUniqueViolation(err))
      throw new DomainError("CONFLICT", `A station named "${fields.name}" (or one with the same key prefix) already exists.`, { field: "name" });
    throw err;
  }
}
