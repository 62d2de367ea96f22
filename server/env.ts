import { isIP } from "node:net";
import { z } from "zod";

function isAddressOrCidr(entry: string): boolean {
  const [address, bits, extra] = entry.split("/");
  if (extra !== undefined || !isIP(address)) return false;
  if (bits === undefined) return true;
  const max = isIP(address) === 4 ? 32 : 128;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= max;
}

/** `host:port` (IPv6 in brackets: `[::1]:7000`), or null when it is not one. */
function parseHostPort(entry: string): { host: string; port: number } | null {
  const match = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252}[A-Za-z0-9])?):(\d{1,5})$/.exec(entry);
  if (!match) return null;
  const port = Number(match[2]);
  if (port < 1 || port > 65535) return null;
  return { host: match[1].replace(/^\[|\]$/g, ""), port };
}

/** A PostgreSQL connection URL: the scheme is checked, so a typo (or another service's URL) fails at start, not at the first query. */
const postgresUrl = z
  .string()
  .url()
  .refine((v) => URL.canParse(v) && /^postgres(ql)?:$/.test(new URL(v).protocol), "must be a postgresql:// URL");

const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

/** Every setting Gristmill reads, with its default. `.env.example` lists the same. */
export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    HOST: z.string().default("0.0.0.0"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    PUBLIC_URL: z.string().url().default("http://localhost:3000"),
    DATABASE_URL: postgresUrl.default("postgresql://postgres@127.0.0.1:5432/gristmill"),
    /** A streaming replica for the read-only pages (reports, run history, audit log); unset or empty: everything reads the primary. */
    READ_DATABASE_URL: z.preprocess((v) => (v === "" ? undefined : v), postgresUrl.optional()),
    /** Replica lag above this sends reads to the primary until it catches up. */
    READ_REPLICA_MAX_LAG_MS: z.coerce.number().int().min(100).max(3_600_000).default(5_000),
    /** How often the web process measures the replica's lag (in the background, never per query). */
    READ_REPLICA_PROBE_MS: z.coerce.number().int().min(200).max(60_000).default(1_000),
    /** Connections of the replica pool (web processes only); claimed in the connection budget with DATABASE_POOL_MAX. */
    READ_DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(500).default(5),
    REDIS_URL: z.string().url().default("redis://127.0.0.1:6379/0"),
    /** Seed nodes of a Redis Cluster, `host:port,host:port`; when set, REDIS_URL is not used. */
    REDIS_CLUSTER_NODES: z
      .string()
      .max(10_000)
      .default("")
      .transform((v) =>
        v
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .refine((list) => list.every((entry) => parseHostPort(entry) !== null), "each entry must be host:port (IPv6 as [::1]:7000), comma-separated")
      .transform((list) => list.map((entry) => parseHostPort(entry)!)),
    INFLUX_URL: z.string().url().default("http://127.0.0.1:8086"),
    INFLUX_DB: z.string().min(1).default("gristmill"),
    INFLUX_TOKEN: z.string().optional(),
    QUEUE_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/)
      .default("gristmill"),
    LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
    SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
    COOKIE_SECURE: bool.default(false),
    /** How often live (socket.io) connections re-check their session; at most a minute. */
    SESSION_RECHECK_SECONDS: z.coerce.number().int().min(1).max(60).default(30),
    LOGIN_MAX_ATTEMPTS: z.coerce.number().int().positive().default(5),
    LOGIN_WINDOW_SECONDS: z.coerce.number().int().positive().default(60),
    LOGIN_ACCOUNT_MAX_ATTEMPTS: z.coerce.number().int().positive().default(20),
    LOGIN_ADDRESS_MAX_ATTEMPTS: z.coerce.number().int().positive().default(30),
    LOGIN_GLOBAL_MAX_ATTEMPTS: z.coerce.number().int().positive().default(600),
    /** Proxies (IPs or CIDRs, comma-separated) whose X-Forwarded-For names the client; nobody else's is believed. */
    TRUSTED_PROXIES: z
      .string()
      .default("")
      .transform((v) =>
        v
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .refine((list) => list.every(isAddressOrCidr), "each entry must be an IP address or a CIDR block such as 10.0.0.0/8"),
    /** PostgreSQL connections this process's pool opens at most; waiting longer than DATABASE_POOL_WAIT_MS for one is an error. */
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(500).default(10),
    DATABASE_POOL_WAIT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    /** Of the server's max_connections, this many are kept for web processes (and people's psql): workers cannot claim them. */
    DATABASE_WEB_RESERVE: z.coerce.number().int().min(0).max(10_000).default(20),
    /** Sockets this process opens to InfluxDB at most (keep-alive, queued beyond). */
    INFLUX_MAX_SOCKETS: z.coerce.number().int().min(1).max(1_024).default(16),
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
    WORKER_P0_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
    /** Jobs at once on the heavy lane (readings exports): its own queue, so it never takes the slots above. */
    WORKER_HEAVY_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
    WORKER_DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
    WORKER_STALLED_INTERVAL_MS: z.coerce.number().int().min(1_000).default(15_000),
    WORKER_LOCK_MS: z.coerce.number().int().min(1_000).default(30_000),
    SCHEDULER_SYNC_MS: z.coerce.number().int().min(500).default(30_000),
    /** How often waiting jobs are aged and boosted toward their deadlines (server/queues/age-waiting-jobs.ts). */
    JOBS_PROMOTE_MS: z.coerce.number().int().min(200).default(10_000),
    RUN_RECONCILE_MS: z.coerce.number().int().min(500).default(30_000),
    /** How often a worker gives queued runs whose BullMQ add failed their job (server/queues/sweep-undispatched-runs.ts). */
    RUN_DISPATCH_SWEEP_MS: z.coerce.number().int().min(200).default(5_000),
    WORKER_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
    TELEMETRY_FLUSH_MS: z.coerce.number().int().min(100).default(5_000),
    HEARTBEAT_INTERVAL_MS: z.coerce.number().int().min(200).default(5_000),
    METRICS_TOKEN: z.string().min(16).optional(),
    INGEST_MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .min(1_024)
      .default(10 * 1024 * 1024),
    INGEST_RATE_LIMIT_REQUESTS: z.coerce.number().int().positive().default(600),
    INGEST_RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().positive().default(60),
    INGEST_MAX_LINE_CHARS: z.coerce
      .number()
      .int()
      .min(256)
      .default(256 * 1024),
    INGEST_MAX_FIELD_VALUE_CHARS: z.coerce
      .number()
      .int()
      .min(64)
      .default(64 * 1024),
    TRPC_MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .min(16 * 1024)
      .default(1024 * 1024),
    TRPC_MAX_BATCH_CALLS: z.coerce.number().int().min(1).max(1_000).default(20),
    IMPORT_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1_024)
      .default(20 * 1024 * 1024),
    IMPORT_MAX_LINE_CHARS: z.coerce
      .number()
      .int()
      .min(256)
      .default(64 * 1024),
    IMPORT_MAX_CELL_CHARS: z.coerce.number().int().min(64).default(1_024),
    /** Logger-file uploads (POST /api/imports) per source or user per window; past it, 429 with Retry-After. */
    IMPORT_RATE_LIMIT_REQUESTS: z.coerce.number().int().positive().default(60),
    IMPORT_RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().positive().default(60),
    /** HTTP trigger calls (POST /api/triggers/<id>/fire) per trigger and client address per window; past it, 429 with Retry-After. */
    TRIGGER_RATE_LIMIT_REQUESTS: z.coerce.number().int().positive().default(60),
    TRIGGER_RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().positive().default(60),
    /** How often a worker reads the domain-event outbox and starts triggered runs (and runs waiting for a slot). */
    TRIGGER_SWEEP_MS: z.coerce.number().int().min(100).default(1_000),
    /** How often a worker starts the workflow nodes whose upstream ended (and adopts new workflow roots). */
    WORKFLOW_SWEEP_MS: z.coerce.number().int().min(100).default(1_000),
    // Inbox folder: <dir>/<logger serial or id>/FILE, picked up by a worker; empty: no inbox.
    IMPORT_INBOX_DIR: z.string().default(""),
    IMPORT_INBOX_INTERVAL_MS: z.coerce.number().int().min(1_000).default(60_000),
    IMPORT_INBOX_SETTLE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
    IMPORT_INBOX_UNKNOWN_COLUMNS: z.enum(["refuse", "register"]).default("refuse"),
    /** How often a worker makes sensors that are no station's point yet (write API, older data) points of their site's station. */
    STATIONS_ADOPT_INTERVAL_MS: z.coerce.number().int().min(1_000).default(300_000),
    PARSE_OFF_THREAD_CHARS: z.coerce
      .number()
      .int()
      .min(0)
      .default(256 * 1024),
    /** Largest readings export zip kept in PostgreSQL; a bigger one fails with a message to narrow it. */
    READINGS_EXPORT_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1_024)
      .max(2_000_000_000)
      .default(200 * 1024 * 1024),
    /** Exports one user may have queued or running at once; more are refused until one finishes. */
    READINGS_EXPORT_MAX_ACTIVE_PER_USER: z.coerce.number().int().min(1).max(100).default(2),
    /** Exports one user may request per rolling 24 hours. */
    READINGS_EXPORT_MAX_PER_USER_PER_DAY: z.coerce.number().int().min(1).max(10_000).default(20),
    /** Slow-loris bounds of the web process: all request headers within this, or the connection is closed (408). */
    HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(120_000).default(10_000),
    /** The whole request (headers and body, e.g. a 20 MiB upload) within this; responses (downloads) are not bounded. */
    HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(120_000),
    /** How often a worker looks for stale or missing coverage and queues backfills for it. */
    COVERAGE_FILL_INTERVAL_MS: z.coerce.number().int().min(1_000).default(30_000),
    /** A queued-automatically backfill larger than this (sensors × hours) waits for an operator's confirmation. */
    COVERAGE_CONFIRM_ABOVE_SENSOR_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .default(7 * 24 * 1_000),
    /** A backfill pauses between chunks while an InfluxDB ping takes longer than this, so live scans keep their pace. */
    COVERAGE_THROTTLE_PING_MS: z.coerce.number().int().min(1).default(250),
    HEALTH_TIMEOUT_MS: z.coerce.number().int().positive().default(400),
    DEMO_ADMIN_EMAIL: z.string().email().default("admin@gristmill.local"),
    DEMO_ADMIN_PASSWORD: z.string().min(8).default("gristmill-demo"),
    /** Where email channels send: smtp://user:pass@host:port or smtps://… */
    SMTP_URL: z.string().url().default("smtp://127.0.0.1:2525"),
    NOTIFY_EMAIL_FROM: z.string().min(3).max(200).default("Gristmill <alerts@gristmill.local>"),
    /** 32 bytes, base64: encrypts channel secrets (AES-256-GCM) and signs acknowledge links. Required in production. */
    NOTIFICATIONS_SECRET_KEY: z
      .string()
      .refine((v) => Buffer.from(v, "base64").length === 32, "must be 32 bytes, base64 (openssl rand -base64 32)")
      .optional(),
    /** How often a worker evaluates incidents against the routes (group_wait, repeats, escalation, held messages). */
    NOTIFY_EVALUATE_MS: z.coerce.number().int().min(200).default(2_000),
    NOTIFY_ACK_LINK_HOURS: z.coerce.number().int().min(1).max(168).default(24),
    /** The local SMTP server of the demo and tests (scripts/services/smtp-mailbox.ts) keeps what it receives here. */
    MAILBOX_DIR: z.string().min(1).default(".data/mailbox"),
  })
  .superRefine((config, ctx) => {
    if (config.NODE_ENV === "production" && !config.NOTIFICATIONS_SECRET_KEY) {
      ctx.addIssue({ code: "custom", path: ["NOTIFICATIONS_SECRET_KEY"], message: "is required in production (openssl rand -base64 32)" });
    }
  });

export type Env = z.infer<typeof envSchema>;

function parseEnv(source: NodeJS.ProcessEnv): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment configuration:\n${problems}\nSee .env.example for every setting and its default.`);
  }
  return result.data;
}

let cached: Env | undefined;

/** Parsed once per process; the only place that reads process.env. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
