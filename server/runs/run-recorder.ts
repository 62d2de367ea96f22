import type { Db } from "../db";
import type { Complexity, Priority, RunStatus, RunTrigger } from "../db/generated/enums";
import { logger } from "../logger";
import type { RunLogLine } from "./job-kind";
import type { RunChange } from "./run-change";

export interface NewRunRow {
  id: string;
  kind: string;
  params: object;
  priority: Priority;
  queue: string;
  trigger: RunTrigger;
  definitionId?: string;
  definitionVersion?: number;
  jobName?: string;
  queuedAt: Date;
  complexity?: Complexity;
  scope?: string;
  deadlineAt?: Date;
}

interface PendingUpdate {
  status?: RunStatus;
  startedAt?: Date;
  finishedAt?: Date;
  attempts?: number;
  errors: unknown[];
  logs: RunLogLine[];
  result?: unknown;
  slaBreached: boolean;
  completionSlaBreached: boolean;
  workerId?: string;
  /** Not written (the row has it): carried so live subscribers can tell which job a change belongs to. */
  definitionId?: string;
}

const MAX_LOG_LINES_PER_FLUSH = 200;

/**
 * Buffers run-state changes in memory and writes them every flushMs in one statement, so
 * recording every run costs the worker one round trip per batch rather than several per job.
 */
export class RunRecorder {
  private creates = new Map<string, NewRunRow>();
  private updates = new Map<string, PendingUpdate>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly flushMs = 200,
    /** Called after each successful write with what changed (the worker publishes it live). */
    private readonly onWritten?: (changes: RunChange[]) => Promise<void>,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.flushMs);
  }

  /** For runs that have no row yet (fired by a schedule). */
  ensureRow(row: NewRunRow): void {
    this.creates.set(row.id, row);
  }

  update(runId: string, change: Partial<Omit<PendingUpdate, "errors" | "logs">> & { error?: unknown; log?: RunLogLine }): void {
    let pending = this.updates.get(runId);
    if (!pending) this.updates.set(runId, (pending = { errors: [], logs: [], slaBreached: false, completionSlaBreached: false }));
    if (change.status) pending.status = change.status;
    if (change.startedAt && !pending.startedAt) pending.startedAt = change.startedAt;
    if (change.finishedAt) pending.finishedAt = change.finishedAt;
    if (change.attempts !== undefined) pending.attempts = Math.max(pending.attempts ?? 0, change.attempts);
    if (change.result !== undefined) pending.result = change.result;
    if (change.slaBreached) pending.slaBreached = true;
    if (change.completionSlaBreached) pending.completionSlaBreached = true;
    if (change.workerId) pending.workerId = change.workerId;
    if (change.definitionId) pending.definitionId = change.definitionId;
    if (change.error !== undefined) pending.errors.push(change.error);
    if (change.log !== undefined && pending.logs.length < MAX_LOG_LINES_PER_FLUSH) pending.logs.push(change.log);
  }

  /** Writes everything buffered; safe to call concurrently (flushes run one after another). */
  flush(): Promise<void> {
    this.flushing = this.flushing
      .then(() => this.write())
      .catch((err) => {
        logger.warn({ event: "runs.flush_failed", error: (err as Error).message }, "run records not written; retrying");
      });
    return this.flushing;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private async write(): Promise<void> {
    if (this.creates.size === 0 && this.updates.size === 0) return;
    const creates = [...this.creates.values()];
    const updates = [...this.updates.entries()];
    this.creates = new Map();
    this.updates = new Map();
    try {
      if (creates.length) await this.writeCreates(await this.withKnownDefinitions(creates));
      if (updates.length) await this.writeUpdates(updates);
    } catch (err) {
      // Put the batch back (newer changes first win) and let the next flush retry it.
      for (const row of creates) if (!this.creates.has(row.id)) this.creates.set(row.id, row);
      for (const [id, u] of updates) {
        const newer = this.updates.get(id);
        this.updates.set(
          id,
          newer
            ? {
                ...u,
                ...Object.fromEntries(Object.entries(newer).filter(([, v]) => v !== undefined)),
                errors: [...u.errors, ...newer.errors],
                logs: [...u.logs, ...newer.logs],
              }
            : u,
        );
      }
      throw err;
    }
    if (this.onWritten && updates.length) {
      const definitions = new Map(creates.map((c) => [c.id, c.definitionId]));
      await this.onWritten(updates.map(([id, u]) => toRunChange(id, u, definitions.get(id)))).catch((err) => {
        logger.warn({ event: "runs.publish_failed", error: (err as Error).message }, "run changes written but not published");
      });
    }
  }

  /**
   * A job left over from a definition deleted meanwhile (or from a database recreated under the same
   * Redis) must not fail the whole batch on the foreign key forever: its run keeps no definition, as
   * the foreign key's ON DELETE SET NULL would have left it.
   */
  private async withKnownDefinitions(rows: NewRunRow[]): Promise<NewRunRow[]> {
    const ids = [...new Set(rows.flatMap((r) => (r.definitionId ? [r.definitionId] : [])))];
    if (ids.length === 0) return rows;
    const known = new Set((await this.db.jobDefinition.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((d) => d.id));
    return rows.map((r) => (r.definitionId && !known.has(r.definitionId) ? { ...r, definitionId: undefined, definitionVersion: undefined } : r));
  }

  /**
   * One INSERT from one JSON document: Prisma's createMany compiles every row's data on each call (a
   * quarter of a busy worker's CPU), and ten array parameters still cost the driver an escape per
   * element. Other columns take their database defaults.
   */
  private async writeCreates(rows: NewRunRow[]): Promise<void> {
    const batch = rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      params: r.params,
      priority: r.priority,
      queue: r.queue,
      trigger: r.trigger,
      definition_id: r.definitionId ?? null,
      definition_version: r.definitionVersion ?? null,
      job_name: r.jobName ?? null,
      queued_at: r.queuedAt.toISOString(),
      complexity: r.complexity ?? null,
      scope: r.scope ?? null,
      deadline_at: r.deadlineAt?.toISOString() ?? null,
    }));
    await this.db.$executeRawUnsafe(
      `INSERT INTO "JobRun" (id, kind, params, priority, queue, trigger, "definitionId", "definitionVersion", "jobName", "queuedAt", complexity, scope, "deadlineAt")
       SELECT id, kind, params, priority::"Priority", queue, trigger::"RunTrigger", definition_id, definition_version, job_name, queued_at, complexity::"Complexity", scope, deadline_at
       FROM jsonb_to_recordset($1::jsonb) AS r(id text, kind text, params jsonb, priority text, queue text, trigger text, definition_id text, definition_version int, job_name text, queued_at timestamp, complexity text, scope text, deadline_at timestamp)
       ON CONFLICT (id) DO NOTHING`,
      JSON.stringify(batch),
    );
  }

  private async writeUpdates(updates: Array<[string, PendingUpdate]>): Promise<void> {
    const batch = updates.map(([id, u]) => ({
      id,
      status: u.status ?? null,
      started_at: u.startedAt?.toISOString() ?? null,
      finished_at: u.finishedAt?.toISOString() ?? null,
      attempts: u.attempts ?? null,
      errors: u.errors,
      logs: u.logs,
      // A JSON null result reads as SQL NULL below: "no result", as a run without one has.
      result: u.result === undefined ? null : u.result,
      sla: u.slaBreached,
      completion_sla: u.completionSlaBreached,
      worker_id: u.workerId ?? null,
    }));
    await this.db.$executeRawUnsafe(
      `UPDATE "JobRun" AS r SET
         status = COALESCE(u.status::"RunStatus", r.status),
         "startedAt" = COALESCE(r."startedAt", u.started_at),
         "finishedAt" = COALESCE(u.finished_at, r."finishedAt"),
         attempts = GREATEST(r.attempts, COALESCE(u.attempts, 0)),
         errors = r.errors || u.errors,
         logs = r.logs || u.logs,
         result = COALESCE(u.result, r.result),
         "slaBreached" = r."slaBreached" OR u.sla,
         "completionSlaBreached" = r."completionSlaBreached" OR u.completion_sla,
         "workerId" = COALESCE(u.worker_id, r."workerId")
       FROM jsonb_to_recordset($1::jsonb)
         AS u(id text, status text, started_at timestamp, finished_at timestamp, attempts int, errors jsonb, logs jsonb, result jsonb, sla bool, completion_sla bool, worker_id text)
       WHERE r.id = u.id`,
      JSON.stringify(batch),
    );
  }
}

function toRunChange(id: string, u: PendingUpdate, definitionId: string | undefined): RunChange {
  return {
    id,
    definitionId: u.definitionId ?? definitionId ?? null,
    status: u.status ?? null,
    attempts: u.attempts ?? null,
    startedAt: u.startedAt?.toISOString() ?? null,
    finishedAt: u.finishedAt?.toISOString() ?? null,
    logs: u.logs,
    errors: u.errors,
  };
}
