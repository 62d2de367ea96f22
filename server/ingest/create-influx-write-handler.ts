import { RateLimiterRedis } from "rate-limiter-flexible";
import { db as sharedDb, type Db } from "../db";
import { env } from "../env";
import { DomainError } from "../errors";
import { influx as sharedInflux, InfluxQueryError, InfluxUnavailableError, type InfluxClient } from "../influx/influx-client";
import { logger } from "../logger";
import { redisKeyPrefix, sharedRedis } from "../redis";
import { authenticateIngestSource } from "./authenticate-ingest-source";
import { influxWriteResponse } from "./influx-write-response";
import { ingestLineProtocol } from "./ingest-line-protocol";
import { LineProtocolError } from "./parse-line-protocol";
import { hashIngestToken } from "./hash-ingest-token";
import { readIngestToken } from "./read-ingest-token";
import { consumeRateLimit } from "../http/consume-rate-limit";
import { BodyEncodingError, BodyTooLargeError, readRequestBody } from "../http/read-request-body";
import { precisionNs, type WriteApi } from "./schemas";

export interface InfluxWriteHandlerOptions {
  api: WriteApi;
  maxBodyBytes?: number;
  rateLimit?: { requests: number; windowSeconds: number; keyPrefix?: string };
  db?: Db;
  influx?: InfluxClient;
}

// Set by the custom server from the socket address (see server/main.ts).
const CLIENT_IP_HEADER = "x-gristmill-client-ip";

/**
 * A fetch handler speaking InfluxDB's write API: `POST /write?db=&precision=` (1.x) or
 * `POST /api/v2/write?bucket=&org=&precision=` (2.x), so Telegraf and client libraries can point at Gristmill.
 */
export function createInfluxWriteHandler(options: InfluxWriteHandlerOptions): (request: Request) => Promise<Response> {
  const { api } = options;
  const target = api === "v1" ? "db" : "bucket";
  let limiter: RateLimiterRedis | undefined;
  const rateLimiter = () =>
    (limiter ??= new RateLimiterRedis({
      storeClient: sharedRedis(),
      keyPrefix: options.rateLimit?.keyPrefix ?? `${redisKeyPrefix()}:ingest`,
      points: options.rateLimit?.requests ?? env().INGEST_RATE_LIMIT_REQUESTS,
      duration: options.rateLimit?.windowSeconds ?? env().INGEST_RATE_LIMIT_WINDOW_SECONDS,
    }));

  return async (request) => {
    const db = options.db ?? sharedDb;
    const fail = (outcome: Parameters<typeof influxWriteResponse>[1], message: string, headers?: Record<string, string>) =>
      influxWriteResponse(api, outcome, message, headers);
    const token = readIngestToken(request);
    if (!token) return fail("unauthorized", api === "v1" ? "authorization failed" : "unauthorized access");
    // Counted per token before any database work: a flood on one token costs Redis, not PostgreSQL
    // (each query also costs the web process's loop a Prisma query compilation).
    const limited = await consumeRateLimit(rateLimiter(), hashIngestToken(token));
    if (limited) {
      // Once per token and window (naming its source), not once per refused request.
      if (limited.firstRefusal) {
        const source = await authenticateIngestSource(db, { token });
        logger.warn(
          { event: "ingest.rate_limited", sourceId: source?.id ?? null, source: source?.name ?? null, retryInSeconds: limited.retryAfterSeconds },
          "writes refused for the rest of the window: the source is over its rate limit",
        );
      }
      return fail("rate_limited", `this token is over its write rate limit; retry in ${limited.retryAfterSeconds} s`, {
        "retry-after": String(limited.retryAfterSeconds),
      });
    }
    const source = await authenticateIngestSource(db, { token });
    if (!source) return fail("unauthorized", api === "v1" ? "authorization failed" : "unauthorized access");

    const params = new URL(request.url).searchParams;
    if (!params.get(target)) return fail("invalid", api === "v1" ? "database is required" : "bucket is required");
    const precisionName = params.get("precision") ?? "ns";
    const units: Record<string, bigint> = precisionNs[api];
    const unitNs = Object.hasOwn(units, precisionName) ? units[precisionName] : undefined;
    if (unitNs === undefined) return fail("invalid", `invalid precision "${precisionName}" (one of ${Object.keys(units).join(", ")})`);

    const maxBytes = options.maxBodyBytes ?? env().INGEST_MAX_BODY_BYTES;
    try {
      const body = await readRequestBody(request, { maxBytes });
      const result = await ingestLineProtocol(db, {
        source,
        body,
        unitNs,
        influx: options.influx ?? sharedInflux(),
        clientIp: request.headers.get(CLIENT_IP_HEADER) ?? undefined,
      });
      logger.debug({ event: "ingest.written", sourceId: source.id, ...result, registered: result.registered.length }, "batch written");
      return new Response(null, { status: 204 });
    } catch (err) {
      if (err instanceof BodyTooLargeError) return fail("too_large", `request body is larger than the limit of ${maxBytes} bytes`);
      if (err instanceof BodyEncodingError || err instanceof LineProtocolError) return fail("invalid", err.message);
      if (err instanceof DomainError && err.code === "INVALID") return fail("invalid", err.message);
      // InfluxDB refused points as the client sent them (e.g. older than the retention policy keeps): the sender's to fix.
      if (err instanceof InfluxQueryError) return fail("invalid", `the time-series store refused the batch: ${err.message.trim()}`);
      if (err instanceof InfluxUnavailableError) {
        logger.error({ event: "ingest.influx_unavailable", sourceId: source.id, error: err.message }, "write failed: InfluxDB unavailable");
        return fail("unavailable", "the time-series store is unavailable; retry later", { "retry-after": "5" });
      }
      logger.error({ event: "ingest.failed", sourceId: source.id, err }, "write failed");
      return fail("internal", "internal error");
    }
  };
}
