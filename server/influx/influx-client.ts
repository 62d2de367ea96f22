import http from "node:http";
import https from "node:https";
import { HttpError, InfluxDB, type Point } from "@influxdata/influxdb-client";
import { Unpackr } from "msgpackr";
import CircuitBreaker from "opossum";
import { env } from "../env";

/** InfluxDB answered with an error the caller's request caused (bad query, bad line). */
export class InfluxQueryError extends Error {
  constructor(
    message: string,
    readonly statusCode?: number,
  ) {
    super(message);
    this.name = "InfluxQueryError";
  }
}

/** InfluxDB could not be reached or timed out; retrying later may help. */
export class InfluxUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InfluxUnavailableError";
  }
}

/** The circuit breaker is open: the call was refused without a request, and retrying before it half-opens cannot help. */
export class InfluxCircuitOpenError extends InfluxUnavailableError {
  constructor(message: string) {
    super(message);
    this.name = "InfluxCircuitOpenError";
  }
}

export interface InfluxClientOptions {
  url: string;
  database: string;
  token?: string;
  timeoutMs?: number;
  /** After repeated outages calls fail at once for this long, then one trial call goes through. */
  breakerResetMs?: number;
  /** Sockets open to InfluxDB at most (kept alive); further requests wait for one. Unbounded when not given. */
  maxSockets?: number;
}

/** Times come back as int64 epoch milliseconds: plain numbers, exact to 2^53. */
const msgpack = new Unpackr({ int64AsType: "number", mapsAsObjects: true });

type RequestOptions = { method: string; headers?: Record<string, string>; binary?: boolean };

interface InfluxQLResult {
  results?: Array<{
    statement_id: number;
    error?: string;
    series?: Array<{ name: string; tags?: Record<string, string>; columns: string[]; values: unknown[][] }>;
  }>;
  error?: string;
}

/**
 * Speaks InfluxDB's v1-compatible HTTP API (line protocol in, InfluxQL out), which 1.x,
 * 2.x (compatibility API) and 3.x all serve.
 */
export class InfluxClient {
  private readonly transport;
  /** Fails fast while InfluxDB is down, so scans and pages do not each wait out a timeout. */
  private readonly breaker: CircuitBreaker<[string, string, RequestOptions], unknown>;

  constructor(readonly options: InfluxClientOptions) {
    const timeout = options.timeoutMs ?? 10_000;
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets };
    const agent = options.maxSockets ? (options.url.startsWith("https:") ? new https.Agent(agentOptions) : new http.Agent(agentOptions)) : undefined;
    const influx = new InfluxDB({ url: options.url, token: options.token, timeout, ...(agent ? { transportOptions: { agent } } : {}) });
    this.transport = influx.transport;
    this.breaker = new CircuitBreaker((path: string, body: string, opts: RequestOptions) => this.send(path, body, opts), {
      timeout: false, // the transport has its own
      volumeThreshold: 3,
      errorThresholdPercentage: 50,
      // Calls are counted when fired and failures when they end: a window shorter than the timeout never
      // holds a timed-out call's fire and failure together, so a hung server would never open the breaker.
      rollingCountTimeout: 6 * timeout,
      resetTimeout: options.breakerResetMs ?? 5_000,
      // A bad query is the caller's error, not an outage.
      errorFilter: (err) => !(err instanceof InfluxUnavailableError),
    });
  }

  /** True while calls fail fast after repeated outages. */
  get circuitOpen(): boolean {
    return this.breaker.opened;
  }

  get database(): string {
    return this.options.database;
  }

  async ping(): Promise<void> {
    await this.request("/ping", "", { method: "GET" });
  }

  /**
   * The statement travels in a form body (no URL length limit, so a query may name thousands of
   * sensors) and the answer comes back as MessagePack, which InfluxDB encodes and Node decodes
   * several times faster than JSON.
   */
  async query(influxQL: string, options: { database?: string } = {}): Promise<InfluxQLResult> {
    const form = new URLSearchParams({ q: influxQL, epoch: "ms" });
    const database = options.database ?? this.options.database;
    if (database) form.set("db", database);
    const bytes = (await this.request("/query", form.toString(), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/x-msgpack" },
      binary: true,
    })) as Buffer;
    const result = (bytes.length ? msgpack.unpack(bytes) : {}) as InfluxQLResult;
    const error = result?.error ?? result?.results?.find((r) => r.error)?.error;
    if (error) throw new InfluxQueryError(error);
    return result;
  }

  async write(lines: Array<string | Point>, precision: "ns" | "us" | "ms" | "s" = "ms"): Promise<void> {
    if (lines.length === 0) return;
    const body = lines
      .map((l) => (typeof l === "string" ? l : l.toLineProtocol()))
      .filter(Boolean)
      .join("\n");
    const params = new URLSearchParams({ db: this.options.database, precision });
    await this.request(`/write?${params}`, body, { method: "POST", headers: { "content-type": "text/plain; charset=utf-8" } });
  }

  private async request(path: string, body: string, options: RequestOptions): Promise<unknown> {
    try {
      return await this.breaker.fire(path, body, options);
    } catch (err) {
      if ((err as { code?: string }).code === "EOPENBREAKER") {
        throw new InfluxCircuitOpenError(
          `InfluxDB at ${this.options.url} is unavailable (failing fast after repeated errors; next try within ${this.options.breakerResetMs ?? 5_000} ms)`,
        );
      }
      throw err;
    }
  }

  private async send(path: string, body: string, options: RequestOptions): Promise<unknown> {
    try {
      return await (options.binary ? this.sendForBytes(path, body, options) : this.transport.request(path, body, options));
    } catch (err) {
      if (err instanceof HttpError && err.statusCode >= 400 && err.statusCode < 500) {
        // The header carries the message whatever the body's encoding.
        const message = err.headers?.["x-influxdb-error"];
        throw new InfluxQueryError(typeof message === "string" && message ? message : err.body || err.message, err.statusCode);
      }
      throw new InfluxUnavailableError(`InfluxDB at ${this.options.url} is unavailable: ${(err as Error).message}`);
    }
  }

  private sendForBytes(path: string, body: string, options: RequestOptions): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Uint8Array[] = [];
      this.transport.send(
        path,
        body,
        { method: options.method, headers: options.headers },
        {
          next: (chunk) => void chunks.push(chunk),
          error: reject,
          complete: () => resolve(Buffer.concat(chunks)),
        },
      );
    });
  }
}

const globalForInflux = globalThis as unknown as { gristmillInflux?: InfluxClient };

/** The process's InfluxDB client, configured from the environment. */
export function influx(): InfluxClient {
  return (globalForInflux.gristmillInflux ??= new InfluxClient({
    url: env().INFLUX_URL,
    database: env().INFLUX_DB,
    token: env().INFLUX_TOKEN,
    maxSockets: env().INFLUX_MAX_SOCKETS,
  }));
}
