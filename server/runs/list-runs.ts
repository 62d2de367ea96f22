import type { z } from "zod";
import type { ReadDb } from "../db";
import { Prisma } from "../db/generated/client";
import type { Priority, RunStatus, RunTrigger } from "../db/generated/enums";
import { listRunsInput, type runFilterInput, type runSortSchema } from "./schemas";

export interface RunListRow {
  id: string;
  jobName: string | null;
  kind: string;
  priority: Priority;
  status: RunStatus;
  trigger: RunTrigger;
  triggeredBy: string | null;
  queuedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  attempts: number;
  slaBreached: boolean;
  definitionId: string | null;
  definitionVersion: number | null;
  paramsEdited: boolean;
}

type RunSort = z.output<typeof runSortSchema>;
type RunFilter = z.output<typeof runFilterInput>;

const sortColumns: Record<RunSort, { sql: Prisma.Sql; nullable: boolean; value: (cursor: string) => Date | number }> = {
  queuedAt: { sql: Prisma.raw(`"queuedAt"`), nullable: false, value: (v) => new Date(v) },
  startedAt: { sql: Prisma.raw(`"startedAt"`), nullable: true, value: (v) => new Date(v) },
  finishedAt: { sql: Prisma.raw(`"finishedAt"`), nullable: true, value: (v) => new Date(v) },
  attempts: { sql: Prisma.raw(`attempts`), nullable: false, value: (v) => Number(v) },
};

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The run-history filter as SQL; text search uses the trigram indexes on the job name and the parameters' text. */
function runFilter(filter: RunFilter): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  if (filter.definitionId) where.push(Prisma.sql`"definitionId" = ${filter.definitionId}`);
  if (filter.kind) where.push(Prisma.sql`kind = ${filter.kind}`);
  if (filter.status) where.push(Prisma.sql`status = ${filter.status}::"RunStatus"`);
  if (filter.trigger) where.push(Prisma.sql`trigger = ${filter.trigger}::"RunTrigger"`);
  if (filter.from) where.push(Prisma.sql`"queuedAt" >= ${filter.from}`);
  if (filter.to) where.push(Prisma.sql`"queuedAt" <= ${filter.to}`);
  if (filter.search) {
    const pattern = likePattern(filter.search);
    where.push(Prisma.sql`(id = ${filter.search} OR "jobName" ILIKE ${pattern} OR (params::text) ILIKE ${pattern})`);
  }
  return where;
}

/**
 * Rows after the cursor in (column, id) order, nulls placed as PostgreSQL places them by default (as the largest
 * value: last ascending, first descending), so one (column, id) index serves both directions.
 */
function afterCursor(sort: RunSort, dir: "asc" | "desc", cursor: string): Prisma.Sql {
  const split = cursor.lastIndexOf("|");
  const [raw, id] = [cursor.slice(0, split), cursor.slice(split + 1)];
  const { sql: col, nullable, value } = sortColumns[sort];
  const before = dir === "desc" ? Prisma.raw("<") : Prisma.raw(">");
  if (raw === "") {
    const nullsAfter = Prisma.sql`(${col} IS NULL AND id ${before} ${id})`;
    return dir === "desc" ? Prisma.sql`(${nullsAfter} OR ${col} IS NOT NULL)` : nullsAfter;
  }
  const v = value(raw);
  // The first term keeps the scan on the column's index; the second breaks ties on the id.
  const bound = dir === "desc" ? Prisma.sql`${col} <= ${v}` : Prisma.sql`${col} >= ${v}`;
  const next = Prisma.sql`(${bound} AND (${col} ${before} ${v} OR id ${before} ${id}))`;
  return nullable && dir === "asc" ? Prisma.sql`(${next} OR ${col} IS NULL)` : next;
}

function cursorOf(row: RunListRow, sort: RunSort): string {
  const v = row[sort];
  return `${v === null ? "" : v instanceof Date ? v.toISOString() : String(v)}|${row.id}`;
}

/** One page of run history in the chosen order, keyset-paginated, so a million runs page as fast as a hundred. */
export async function listRuns(db: ReadDb, options: z.input<typeof listRunsInput>) {
  const { cursor, limit, ...filter } = listRunsInput.parse(options);
  const { sort, dir } = filter;
  const where = runFilter(filter);
  if (cursor) where.push(afterCursor(sort, dir, cursor));
  const direction = Prisma.raw(dir === "desc" ? "DESC" : "ASC");
  const rows = await db.$queryRaw<RunListRow[]>`
    SELECT id, "jobName", kind, priority, status, trigger, "triggeredBy", "queuedAt", "startedAt", "finishedAt",
           attempts, "slaBreached", "definitionId", "definitionVersion", "paramsEdited"
    FROM "JobRun"
    ${where.length ? Prisma.sql`WHERE ${Prisma.join(where, " AND ")}` : Prisma.empty}
    ORDER BY ${sortColumns[sort].sql} ${direction}, id ${direction}
    LIMIT ${limit + 1}`;
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { runs: page, nextCursor: rows.length > limit && last ? cursorOf(last, sort) : null };
}
