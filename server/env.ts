import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0"])
  .transform((v) => v === "true" || v === "1");

/** Every setting Gristmill reads, with its default. `.env.example` lists the same. */
export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().default("0.0.0.0"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  PUBLIC_URL: z.string().url().default("http://localhost:3000"),
  DATABASE_URL: z.string().url().default("postgresql://postgres@127.0.0.1:5432/gristmill"),
  REDIS_URL: z.string().url().default("redis://127.0.0.1:6379/0"),
  INFLUX_URL: z.string().url().default("http://127.0.0.1:8086"),
  INFLUX_DB: z.string().min(1).default("gristmill"),
  INFLUX_TOKEN: z.string().optional(),
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/).default("gristmill"),
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  COOKIE_SECURE: bool.default(false),
  LOGIN_MAX_ATTEMPTS: z.coerce.number().int().positive().default(5),
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().positive().default(60),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  WORKER_P0_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  /** Jobs at once on the heavy lane (readings exports): its own queue, so it never takes the slots above. */
  WORKER_HEAVY_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  WORKER_STALLED_INTERVAL_MS: z.coerce.number().int().min(1_000).default(15_000),
  WORKER_LOCK_MS: z.coerce.number().int().min(1_000).default(30_000),
  SCHEDULER_SYNC_MS: z.coerce.number().int().min(500).default(30_000),
  RUN_RECONCILE_MS: z.coerce.number().int().min(500).default(30_000),
  WORKER_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  TELEMETRY_FLUSH_MS: z.coerce.number().int().min(100).default(5_000),
  HEARTBEAT_INTERVAL_MS: z.coerce.number().int().min(200).default(5_000),
  METRICS_TOKEN: z.string().min(16).optional(),
  INGEST_MAX_BODY_BYTES: z.coerce.number().int().min(1_024).default(10 * 1024 * 1024),
  INGEST_RATE_LIMIT_REQUESTS: z.coerce.number().int().positive().default(600),
  INGEST_RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().positive().default(60),
  IMPORT_MAX_BYTES: z.coerce.number().int().min(1_024).default(20 * 1024 * 1024),
  /** Largest readings export zip kept in PostgreSQL; a bigger one fails with a message to narrow it. */
  READINGS_EXPORT_MAX_BYTES: z.coerce.number().int().min(1_024).max(2_000_000_000).default(200 * 1024 * 1024),
  /** Exports one user may have queued or running at once; more are refused until one finishes. */
  READINGS_EXPORT_MAX_ACTIVE_PER_USER: z.coerce.number().int().min(1).max(100).default(2),
  /** Exports one user may request per rolling 24 hours. */
  READINGS_EXPORT_MAX_PER_USER_PER_DAY: z.coerce.number().int().min(1).max(10_000).default(20),
  /** Slow-loris bounds of the web process: all request headers within this, or the connection is closed (408). */
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(120_000).default(10_000),
  /** The whole request (headers and body, e.g. a 20 MiB upload) within this; responses (downloads) are not bounded. */
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(120_000),
  HEALTH_TIMEOUT_MS: z.coerce.number().int().positive().default(400),
  DEMO_ADMIN_EMAIL: z.string().email().default("admin@gristmill.local"),
  DEMO_ADMIN_PASSWORD: z.string().min(8).default("gristmill-demo"),
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
