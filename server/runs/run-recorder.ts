import { pgPoolOf } from "../db";
import type { PrismaClient } from "../db/generated/client";
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
 * Buffers run-state changes in memory and writes them every flushMs, so recording every run costs the
 * worker a round trip or two per batch rather than several per job. A run created and changed within
 * one batch (a schedule's firing that ran at once) is inserted in its latest state: one statement, and
 * PostgreSQL writes the row once. The batches go to pg directly as one JSON parameter: through Prisma,
 * its query compiler parsed every batch's document again (a tenth of a busy worker's CPU).
 */
export class RunRecorder {
  private creates = new Map<string, NewRunRow>();
  private updates = new Map<string, PendingUpdate>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: PrismaClient,
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
    // What is written is dropped from here; what is left goes back for the next flush.
    const unwritten = { creates: new Map(creates.map((c) => [c.id, c])), updates: new Map(updates) };
    try {
      if (creates.length) {
        const inserted = await this.writeCreates(await this.withKnownDefinitions(creates), unwritten.updates);
        for (const id of inserted) {
          unwritten.creates.delete(id);
          unwritten.updates.delete(id);
        }
        // A row that already existed (a retried firing) keeps its own state: its changes go through the UPDATE.
        unwritten.creates.clear();
      }
      if (unwritten.updates.size) {
        await this.writeUpdates([...unwritten.updates]);
        unwritten.updates.clear();
      }
    } catch (err) {
      this.putBack(unwritten);
      throw err;
    }
    if (this.onWritten && updates.length) {
      const definitions = new Map(creates.map((c) => [c.id, c.definitionId]));
      await this.onWritten(updates.map(([id, u]) => toRunChange(id, u, definitions.get(id)))).catch((err) => {
        logger.warn({ event: "runs.publish_failed", error: (err as Error).message }, "run changes written but not published");
      });
    }
  }

  /** Puts an unwritten batch back (newer changes first win) for the next flush to retry. */
  private putBack(batch: { creates: Map<string, NewRunRow>; updates: Map<string, PendingUpdate> }): void {
    for (const [id, row] of batch.creates) if (!this.creates.has(id)) this.creates.set(id, row);
    for (const [id, u] of batch.updates) {
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

  /** One INSERT from one JSON document, each row in its latest state; returns the ids it inserted. Other columns take their database defaults. */
  private async writeCreates(rows: NewRunRow[], pending: Map<string, PendingUpdate>): Promise<string[]> {
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
      ...updateColumns(pending.get(r.id)),
    }));
    const { rows: inserted } = await pgPoolOf(this.db).query<{ id: string }>(
      `INSERT INTO "JobRun" (id, kind, params, priority, queue, trigger, "definitionId", "definitionVersion", "jobName", "queuedAt", complexity, scope, "deadlineAt",
                             status, "startedAt", "finishedAt", attempts, errors, logs, result, "slaBreached", "completionSlaBreached", "workerId")
       SELECT id, kind, params, priority::"Priority", queue, trigger::"RunTrigger", definition_id, definition_version, job_name, queued_at, complexity::"Complexity", scope, deadline_at,
              COALESCE(status, 'queued')::"RunStatus", started_at, finished_at, COALESCE(attempts, 0), errors, logs, result, sla, completion_sla, worker_id
       FROM jsonb_to_recordset($1::jsonb) AS r(id text, kind text, params jsonb, priority text, queue text, trigger text, definition_id text, definition_version int, job_name text, queued_at timestamp, complexity text, scope text, deadline_at timestamp,
                                               ${UPDATE_RECORD_COLUMNS})
       ON CONFLICT (id) DO NOTHING
       RETURNING id`,
      [JSON.stringify(batch)],
    );
    return inserted.map((r) => r.id);
  }

  private async writeUpdates(updates: Array<[string, PendingUpdate]>): Promise<void> {
    const batch = updates.map(([id, u]) => ({ id, ...updateColumns(u) }));
    await pgPoolOf(this.db).query(
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
       FROM jsonb_to_recordset($1::jsonb) AS u(id text, ${UPDATE_RECORD_COLUMNS})
       WHERE r.id = u.id`,
      [JSON.stringify(batch)],
    );
  }
}

const UPDATE_RECORD_COLUMNS =
  "status text, started_at timestamp, finished_at timestamp, attempts int, errors jsonb, logs jsonb, result jsonb, sla bool, completion_sla bool, worker_id text";

/** A pending change as the record columns above; no change at all reads as a new row's defaults. */
function updateColumns(u: PendingUpdate | undefined) {
  return {
    status: u?.status ?? null,
    started_at: u?.startedAt?.toISOString() ?? null,
    finished_at: u?.finishedAt?.toISOString() ?? null,
    attempts: u?.attempts ?? null,
    errors: u?.errors ?? [],
    logs: u?.logs ?? [],
    // A JSON null result reads as SQL NULL: "no result", as a run without one has.
    result: u?.result === undefined ? null : u.result,
    sla: u?.slaBreached ?? false,
    completion_sla: u?.completionSlaBreached ?? false,
    worker_id: u?.workerId ?? null,
  };
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
