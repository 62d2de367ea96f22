import type { z } from "zod";
import type { Db } from "../db";
import { Prisma } from "../db/generated/client";
import type { Priority, RunStatus, RunTrigger } from "../db/generated/enums";
import { listRunsInput } from "./schemas";

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

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The run-history filter as SQL; text search uses the trigram indexes on the job name and the parameters' text. */
function runFilter(filter: Omit<z.output<typeof listRunsInput>, "cursor" | "limit">): Prisma.Sql[] {
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

/** Newest first on the indexed queuedAt, keyset-paginated, so a million runs page as fast as a hundred. */
export async function listRuns(db: Db, options: z.input<typeof listRunsInput>) {
  const { cursor, limit, ...filter } = listRunsInput.parse(options);
  const where = runFilter(filter);
  if (cursor) {
    const [queuedAt, id] = cursor.split("|");
    const at = new Date(queuedAt);
    // The first term keeps the scan on the queuedAt indexes; the second breaks ties within one millisecond.
    where.push(Prisma.sql`"queuedAt" <= ${at} AND ("queuedAt" < ${at} OR id < ${id})`);
  }
  const rows = await db.$queryRaw<RunListRow[]>`
    SELECT id, "jobName", kind, priority, status, trigger, "triggeredBy", "queuedAt", "startedAt", "finishedAt",
           attempts, "slaBreached", "definitionId", "definitionVersion", "paramsEdited"
    FROM "JobRun"
    ${where.length ? Prisma.sql`WHERE ${Prisma.join(where, " AND ")}` : Prisma.empty}
    ORDER BY "queuedAt" DESC, id DESC
    LIMIT ${limit + 1}`;
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { runs: page, nextCursor: rows.length > limit && last ? `${last.queuedAt.toISOString()}|${last.id}` : null };
}
