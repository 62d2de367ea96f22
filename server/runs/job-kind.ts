import type { z } from "zod";
import type { JobLaneName } from "../queues/job-lanes";

/** Log lines of one run: structured, kept with the run and searchable in its page. */
/** One line of a run's log as stored on the run and shown by the console's log viewer. */
export interface RunLogLine {
  at: string;
  level: "info" | "warn" | "error";
  message: string;
  [field: string]: unknown;
}

export interface RunLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface JobContext {
  jobId: string;
  attempt: number;
  log: RunLogger;
  signal: AbortSignal;
  /** Reports progress (0–100) so long runs show it in the console. */
  progress(percent: number): Promise<void>;
}

/** What the processor runs for one job name: its parameters' schema, its lane, its handler. */
export interface JobKind<Schema extends z.ZodType = z.ZodType> {
  title: string;
  description: string;
  params: Schema;
  /** Its own bounded lane (queue and worker slots) instead of the priority class's queue. */
  lane?: JobLaneName;
  // biome-ignore lint/suspicious/noConfusingVoidType: a handler may return nothing (an async function with no return is Promise<void>)
  run(params: z.infer<Schema>, ctx: JobContext): Promise<Record<string, unknown> | void>;
}

export function defineKind<Schema extends z.ZodType>(kind: JobKind<Schema>): JobKind<Schema> {
  return kind;
}
