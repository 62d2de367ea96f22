import type { z } from "zod";
import type { Db } from "../db";
import { csvFromPages } from "../http/csv";
import { listSensors } from "./list-sensors";
import type { sensorFilterInput } from "./schemas";

export const SENSOR_CSV_COLUMNS = [
  "key",
  "name",
  "site",
  "infra_type",
  "region",
  "quantity",
  "unit",
  "last_value",
  "last_value_flagged",
  "last_reading_at",
  "status",
] as const;

/** The sensor list as the console shows it (same filter, order, calibrated last values), every page of it. */
export function exportSensorsCsv(db: Db, view: z.output<typeof sensorFilterInput>): AsyncGenerator<string> {
  return csvFromPages(
    SENSOR_CSV_COLUMNS,
    async (cursor) => {
      const page = await listSensors(db, { ...view, cursor, limit: 500 });
      return { rows: page.sensors, next: page.nextCursor };
    },
    (s) => [s.key, s.name, s.site, s.infraType, s.region, s.quantity, s.unit, s.lastValue, s.lastValueFlagged, s.lastReadingAt, s.status],
  );
}
