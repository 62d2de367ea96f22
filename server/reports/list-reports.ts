import type { z } from "zod";
import type { ReadDb } from "../db";
import { chooseResolution } from "./choose-resolution";
import { reportTableInput } from "./schemas";

/** A group's reports newest first, keyset-paginated on windowStart (unique per group and resolution). */
export async function listReports(db: ReadDb, options: z.input<typeof reportTableInput>) {
  const { infraType, region, period, cursor, limit, ...rest } = reportTableInput.parse(options);
  const resolution = rest.resolution ?? chooseResolution(period);
  const rows = await db.report.findMany({
    where: { resolution, infraType, region, windowStart: { gte: period.from, lt: cursor && cursor < period.to ? cursor : period.to } },
    orderBy: { windowStart: "desc" },
    take: limit + 1,
    omit: { id: true },
  });
  const page = rows.slice(0, limit);
  return { resolution, rows: page, nextCursor: rows.length > limit ? page[page.length - 1].windowStart : null };
}
