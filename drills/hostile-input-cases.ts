import { gzipSync } from "node:zlib";
import { io as connectSocket } from "socket.io-client";
import WebSocket from "ws";
import { call, rawExchange, gzipBomb, slowClient, trpcBatchBody, trpcBody, trpcQueryPath, type Answer, type CallOptions } from "./hostile-input-client";

export type AttackKind = "malformed" | "oversized" | "compressed-bomb" | "slow-loris" | "wrong-role" | "cross-origin" | "injection";

export interface DrillContext {
  base: string;
  port: number;
  cookie: { admin: string; operator: string; engineer: string; stakeholder: string };
  /** Ingest tokens: a source that refuses unknown sensors, and one that registers them. */
  tokens: { refuse: string; register: string };
  sensorKey: string;
  /** An export of the admin's that the stakeholder must not see. */
  adminExportId: string;
  metricsToken: string;
  ingestMaxBody: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  evilOrigin: string;
}

export interface CaseOutcome {
  ok: boolean;
  got: string;
}

export interface HostileCase {
  entry: string;
  kind: AttackKind;
  name: string;
  expect: string;
  /** The issue 13 item whose fix this case checks, when it is another branch's. */
  item?: number;
  run(ctx: DrillContext): Promise<CaseOutcome>;
}

const describe = (a: Answer) => (a.status === 0 ? `no answer (${a.text.slice(0, 60)}) after ${Math.round(a.ms)} ms` : `${a.status} in ${Math.round(a.ms)} ms`);
const status = (a: Answer, ...wanted: number[]): CaseOutcome => ({ ok: wanted.includes(a.status), got: describe(a) });
/** The right status, and answered within a bound (a refusal that takes seconds still froze something). */
const quickStatus = (a: Answer, withinMs: number, ...wanted: number[]): CaseOutcome => ({ ok: wanted.includes(a.status) && a.ms < withinMs, got: describe(a) });

const v2Write = (ctx: DrillContext, body: CallOptions["body"], headers: Record<string, string> = {}, token = ctx.tokens.refuse) =>
  call(ctx.base, "/api/v2/write?bucket=gristmill&precision=ms", {
    body,
    headers: { authorization: `Token ${token}`, "content-type": "text/plain", ...headers },
  });
const v1Write = (ctx: DrillContext, body: CallOptions["body"], query = `db=gristmill&p=${ctx.tokens.refuse}`) => call(ctx.base, `/write?${query}`, { body });
const mutation = (ctx: DrillContext, procedure: string, input: unknown, options: CallOptions = {}) =>
  call(ctx.base, `/api/trpc/${procedure}`, { body: trpcBody(input), ...options, headers: { "content-type": "application/json", ...options.headers } });
const query = (ctx: DrillContext, procedure: string, input: unknown, cookie?: string) => call(ctx.base, trpcQueryPath(procedure, input), { cookie });
/** The same origin the console is served from: what a browser on the console sends. */
const sameOrigin = (ctx: DrillContext) => ctx.base;

const line = (ctx: DrillContext, value: string | number) => `reading,sensor=${ctx.sensorKey} value=${value} ${Date.now() - 3_600_000}`;
/** A run of digits the number pattern fails on only at its end: what makes a backtracking pattern quadratic. */
const manyDigits = (n: number) => `${"1".repeat(n)}x`;
const newSensor = (tag: string, extra: Record<string, unknown> = {}) => ({
  key: `drill-hostile-${tag}-${Math.random().toString(36).slice(2, 8)}`,
  name: "Hostile drill",
  quantity: "temperature",
  unit: "C",
  infraType: "drill",
  region: "drill",
  site: "drill",
  ...extra,
});
/** Connects a socket.io client; resolves with the connect error's message, or "connected" (and the socket). */
function socketAttempt(ctx: DrillContext, headers: Record<string, string>) {
  return new Promise<{ result: string; socket: ReturnType<typeof connectSocket> }>((resolve) => {
    const socket = connectSocket(ctx.base, { path: "/socket.io", transports: ["websocket"], extraHeaders: headers, reconnection: false, timeout: 5_000 });
    socket.on("connect", () => resolve({ result: "connected", socket }));
    socket.on("connect_error", (err) => resolve({ result: err.message, socket }));
  });
}

async function socketCase(
  ctx: DrillContext,
  headers: Record<string, string>,
  then?: (s: ReturnType<typeof connectSocket>) => Promise<string>,
): Promise<string> {
  const { result, socket } = await socketAttempt(ctx, headers);
  try {
    return result === "connected" && then ? await then(socket) : result;
  } finally {
    socket.close();
  }
}

const subscribe = (s: ReturnType<typeof connectSocket>, topic: unknown) =>
  s
    .timeout(5_000)
    .emitWithAck("subscribe", topic)
    .then(
      (r: { ok: boolean; error?: string }) => (r.ok ? "subscribed" : (r.error ?? "refused")),
      () => "no answer",
    );

/** A raw engine.io websocket: send a frame, report whether the server dropped the connection within 5 s. */
function rawSocketFrame(ctx: DrillContext, cookie: string, frame: string | Buffer): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${ctx.port}/socket.io/?EIO=4&transport=websocket`, { headers: { cookie, origin: ctx.base } });
    const timer = setTimeout(() => {
      ws.terminate();
      resolve("still open");
    }, 5_000);
    ws.on("open", () => {
      ws.send("40");
      setTimeout(() => ws.send(frame), 200);
    });
    ws.on("close", () => {
      clearTimeout(timer);
      resolve("closed");
    });
    ws.on("error", () => {
      clearTimeout(timer);
      resolve("closed");
    });
  });
}

/** A logger file as the console sends it: its bytes in base64. */
const upload = (fileName: string, bytes: string | Buffer) => ({ fileName, contentBase64: Buffer.from(bytes).toString("base64"), timeZone: "UTC" });
const csvFile = (body: string) => upload("logger.csv", `timestamp,drill_a\n${body}`);
/** An import of that file with its column mapped to the drill's sensor: accepted, it would queue a run. */
const importOf = (ctx: DrillContext, body: string) => ({ ...csvFile(body), columnMap: { drill_a: ctx.sensorKey } });

export const hostileCases: HostileCase[] = [
  // ── write API ──
  {
    entry: "/api/v2/write",
    kind: "malformed",
    name: "not line protocol",
    expect: "400",
    run: async (ctx) => status(await v2Write(ctx, "this is not line protocol\n\u0000\u0001"), 400),
  },
  {
    entry: "/api/v2/write",
    kind: "malformed",
    name: "99 good lines, then a bad one (nothing may be written)",
    expect: "400",
    run: async (ctx) => status(await v2Write(ctx, [...Array.from({ length: 99 }, (_, i) => line(ctx, i)), "reading,sensor= value="].join("\n")), 400),
  },
  {
    entry: "/api/v2/write",
    kind: "malformed",
    name: "99 good lines, then an unknown sensor",
    expect: "400",
    run: async (ctx) =>
      status(await v2Write(ctx, [...Array.from({ length: 99 }, (_, i) => line(ctx, i)), `reading,sensor=drill-unknown-${Date.now()} value=1`].join("\n")), 400),
  },
  {
    entry: "/api/v2/write",
    kind: "malformed",
    name: "unknown precision",
    expect: "400",
    run: async (ctx) =>
      status(
        await call(ctx.base, "/api/v2/write?bucket=b&precision=fortnights", { body: line(ctx, 1), headers: { authorization: `Token ${ctx.tokens.refuse}` } }),
        400,
      ),
  },
  {
    entry: "/api/v2/write",
    kind: "malformed",
    name: "Content-Encoding gzip, body not gzip",
    expect: "400",
    run: async (ctx) => status(await v2Write(ctx, "definitely not gzip", { "content-encoding": "gzip" }), 400),
  },
  {
    entry: "/api/v2/write",
    kind: "malformed",
    name: "a 50,000-digit field value ending in x (gzipped: 100 bytes), refused fast",
    expect: "400 < 1 s",
    item: 1,
    run: async (ctx) => quickStatus(await v2Write(ctx, gzipSync(line(ctx, manyDigits(50_000))), { "content-encoding": "gzip" }), 1_000, 400),
  },
  {
    entry: "/api/v2/write",
    kind: "oversized",
    name: "body 4x the limit, with Content-Length",
    expect: "413",
    run: async (ctx) =>
      status(
        await rawExchange(
          ctx.port,
          `POST /api/v2/write?bucket=b HTTP/1.1\r\nHost: drill\r\nAuthorization: Token ${ctx.tokens.refuse}\r\n`,
          Buffer.from(`${line(ctx, 1)}\n`.repeat(Math.ceil((ctx.ingestMaxBody * 4) / 60))),
        ),
        413,
      ),
  },
  {
    entry: "/api/v2/write",
    kind: "oversized",
    name: "body 4x the limit, chunked (no Content-Length)",
    expect: "413",
    run: async (ctx) =>
      status(
        await rawExchange(ctx.port, `POST /api/v2/write?bucket=b HTTP/1.1\r\nHost: drill\r\nAuthorization: Token ${ctx.tokens.refuse}\r\n`, {
          chunkedBytes: ctx.ingestMaxBody * 4,
        }),
        413,
      ),
  },
  {
    entry: "/api/v2/write",
    kind: "compressed-bomb",
    name: "64 KiB of gzip inflating to 64 MiB",
    expect: "413",
    run: async (ctx) =>
      status(
        await rawExchange(
          ctx.port,
          `POST /api/v2/write?bucket=b HTTP/1.1\r\nHost: drill\r\nAuthorization: Token ${ctx.tokens.refuse}\r\nContent-Encoding: gzip\r\n`,
          gzipBomb(64 * 1024 * 1024),
        ),
        413,
      ),
  },
  {
    entry: "/api/v2/write",
    kind: "wrong-role",
    name: "no token",
    expect: "401",
    run: async (ctx) => status(await call(ctx.base, "/api/v2/write?bucket=b", { body: line(ctx, 1) }), 401),
  },
  {
    entry: "/api/v2/write",
    kind: "wrong-role",
    name: "made-up token",
    expect: "401",
    run: async (ctx) => status(await v2Write(ctx, line(ctx, 1), {}, "gm_ing_" + "x".repeat(40)), 401),
  },
  {
    entry: "/api/v2/write",
    kind: "injection",
    name: "InfluxQL in a sensor key, source refuses unknown keys",
    expect: "400",
    run: async (ctx) => status(await v2Write(ctx, `reading,sensor=x'\\ OR\\ "sensor"\\ =~\\ /.*/\\ OR\\ 'a value=1`), 400),
  },
  {
    entry: "/api/v2/write",
    kind: "injection",
    name: "line-protocol injection: newline in a quoted string field carrying a second line",
    expect: "400 or 204, nothing else",
    run: async (ctx) => status(await v2Write(ctx, `reading,sensor=${ctx.sensorKey} note="x\nreading,sensor=${ctx.sensorKey} value=666",value=1`), 400, 204),
  },
  {
    entry: "/write",
    kind: "malformed",
    name: "not line protocol",
    expect: "400",
    run: async (ctx) => status(await v1Write(ctx, "garbage garbage garbage"), 400),
  },
  {
    entry: "/write",
    kind: "oversized",
    name: "body 4x the limit, chunked",
    expect: "413",
    run: async (ctx) =>
      status(await rawExchange(ctx.port, `POST /write?db=g&p=${ctx.tokens.refuse} HTTP/1.1\r\nHost: drill\r\n`, { chunkedBytes: ctx.ingestMaxBody * 4 }), 413),
  },
  {
    entry: "/write",
    kind: "compressed-bomb",
    name: "gzip inflating to 64 MiB",
    expect: "413",
    run: async (ctx) =>
      status(
        await rawExchange(
          ctx.port,
          `POST /write?db=g&p=${ctx.tokens.refuse} HTTP/1.1\r\nHost: drill\r\nContent-Encoding: gzip\r\n`,
          gzipBomb(64 * 1024 * 1024),
        ),
        413,
      ),
  },
  {
    entry: "/write",
    kind: "wrong-role",
    name: "wrong password in Basic auth",
    expect: "401",
    run: async (ctx) =>
      status(
        await call(ctx.base, "/write?db=g", { body: line(ctx, 1), headers: { authorization: `Basic ${Buffer.from("u:wrong").toString("base64")}` } }),
        401,
      ),
  },

  // ── InfluxDB-compatible /query, /ping, /health (what agents call around a write) ──
  {
    entry: "/query",
    kind: "wrong-role",
    name: "SHOW DATABASES without a token",
    expect: "401",
    run: async (ctx) => status(await call(ctx.base, "/query?q=SHOW%20DATABASES"), 401),
  },
  {
    entry: "/query",
    kind: "injection",
    name: "a SELECT over every sensor, with a source's token",
    expect: "400 (only CREATE/SHOW DATABASES)",
    run: async (ctx) =>
      status(await call(ctx.base, `/query?p=${ctx.tokens.refuse}&q=${encodeURIComponent('SELECT * FROM reading WHERE "sensor" =~ /.*/')}`), 400),
  },
  {
    entry: "/query",
    kind: "injection",
    name: "CREATE DATABASE then DROP MEASUREMENT in one request",
    expect: "400, nothing run",
    run: async (ctx) =>
      status(await call(ctx.base, `/query?p=${ctx.tokens.refuse}&q=${encodeURIComponent("CREATE DATABASE x; DROP MEASUREMENT reading")}`), 400),
  },
  {
    entry: "/query",
    kind: "oversized",
    name: "a form body 60x the query limit, chunked",
    expect: "413",
    run: async (ctx) =>
      status(
        await rawExchange(ctx.port, `POST /query?p=${ctx.tokens.refuse} HTTP/1.1\r\nHost: drill\r\nContent-Type: application/x-www-form-urlencoded\r\n`, {
          chunkedBytes: 1024 * 1024,
        }),
        413,
      ),
  },
  {
    entry: "/query",
    kind: "malformed",
    name: "CREATE DATABASE with a 16 KiB run of quotes and backslashes (no backtracking)",
    expect: "400 or 413 < 1 s",
    run: async (ctx) =>
      quickStatus(
        await call(ctx.base, `/query?p=${ctx.tokens.refuse}`, {
          body: `q=${encodeURIComponent(`CREATE DATABASE "${'\\"'.repeat(5_000)}`)}`,
          headers: { "content-type": "application/x-www-form-urlencoded" },
        }),
        1_000,
        400,
        413,
      ),
  },
  {
    entry: "/ping",
    kind: "malformed",
    name: "POST with a body to /ping",
    expect: "405",
    run: async (ctx) => status(await call(ctx.base, "/ping", { method: "POST", body: "x" }), 405),
  },
  {
    entry: "/ping",
    kind: "wrong-role",
    name: "anonymous ping answers 204 and names no internals",
    expect: "204",
    run: async (ctx) => {
      const a = await call(ctx.base, "/ping");
      return { ok: a.status === 204 && a.text === "", got: describe(a) };
    },
  },
  {
    entry: "/health",
    kind: "wrong-role",
    name: "anonymous InfluxDB-style health names no internal URL",
    expect: "200/503, no internals",
    run: async (ctx) => {
      const a = await call(ctx.base, "/health");
      const leaks = /:\/\/|127\.0\.0\.1|localhost|ECONN/i.test(a.text);
      return { ok: [200, 503].includes(a.status) && !leaks, got: `${describe(a)}${leaks ? ", body names internals" : ""}` };
    },
  },

  // ── logger-file upload API (/api/imports) ──
  {
    entry: "/api/imports",
    kind: "wrong-role",
    name: "upload with no credentials",
    expect: "401",
    run: async (ctx) => status(await call(ctx.base, "/api/imports?name=a.csv", { body: "timestamp,a\n2026-01-01T00:00:00Z,1\n" }), 401),
  },
  {
    entry: "/api/imports",
    kind: "wrong-role",
    name: "stakeholder's session uploads",
    expect: "403",
    run: async (ctx) =>
      status(await call(ctx.base, "/api/imports?name=a.csv", { body: "timestamp,a\n", cookie: ctx.cookie.stakeholder, origin: sameOrigin(ctx) }), 403),
  },
  {
    entry: "/api/imports",
    kind: "wrong-role",
    name: "a made-up token beside an operator's cookie",
    expect: "401",
    run: async (ctx) =>
      status(
        await call(ctx.base, "/api/imports?name=a.csv", {
          body: "timestamp,a\n",
          cookie: ctx.cookie.operator,
          origin: sameOrigin(ctx),
          headers: { authorization: "Token gm_not-a-token" },
        }),
        401,
      ),
  },
  {
    entry: "/api/imports",
    kind: "compressed-bomb",
    name: "a logger file of gzip inflating to 64 MiB",
    expect: "413",
    run: async (ctx) =>
      status(
        await rawExchange(
          ctx.port,
          `POST /api/imports?name=bomb.dat HTTP/1.1\r\nHost: drill\r\nAuthorization: Token ${ctx.tokens.refuse}\r\nContent-Encoding: gzip\r\n`,
          gzipBomb(64 * 1024 * 1024),
        ),
        413,
      ),
  },
  {
    entry: "/api/imports",
    kind: "injection",
    name: "path traversal in the import id",
    expect: "400 or 404",
    run: async (ctx) =>
      status(await call(ctx.base, "/api/imports/..%2F..%2Fetc%2Fpasswd", { headers: { authorization: `Token ${ctx.tokens.refuse}` } }), 400, 404),
  },
  {
    entry: "/api/imports",
    kind: "wrong-role",
    name: "an original file's download, anonymous",
    expect: "401",
    run: async (ctx) => status(await call(ctx.base, "/api/imports/anything/file"), 401),
  },

  // ── HTTP triggers (/api/triggers/<id>/fire) ──
  {
    entry: "/api/triggers",
    kind: "wrong-role",
    name: "a trigger fired with no token",
    expect: "401",
    run: async (ctx) => status(await call(ctx.base, "/api/triggers/cnosuchtrigger/fire", { body: "{}", headers: { "content-type": "application/json" } }), 401),
  },
  {
    entry: "/api/triggers",
    kind: "injection",
    name: "path traversal in the trigger id, with a made-up token",
    expect: "401 or 404",
    run: async (ctx) =>
      status(
        await call(ctx.base, "/api/triggers/..%2F..%2Fetc%2Fpasswd/fire", {
          body: "{}",
          headers: { "content-type": "application/json", authorization: "Bearer gmt_not-a-token" },
        }),
        401,
        404,
      ),
  },

  // ── tRPC ──
  {
    entry: "tRPC",
    kind: "malformed",
    name: "body not JSON",
    expect: "400",
    run: async (ctx) =>
      status(
        await call(ctx.base, "/api/trpc/sensors.create", {
          body: "{not json",
          cookie: ctx.cookie.admin,
          origin: sameOrigin(ctx),
          headers: { "content-type": "application/json" },
        }),
        400,
      ),
  },
  {
    entry: "tRPC",
    kind: "malformed",
    name: "input of the wrong types",
    expect: "400",
    run: async (ctx) => status(await mutation(ctx, "sensors.create", { key: 5, name: [] }, { cookie: ctx.cookie.admin, origin: sameOrigin(ctx) }), 400),
  },
  {
    entry: "tRPC",
    kind: "malformed",
    name: "prototype pollution in input (__proto__)",
    expect: "400",
    run: async (ctx) =>
      status(
        await call(ctx.base, "/api/trpc/sensors.create", {
          body: `{"json":{"__proto__":{"role":"ADMIN"},"key":1}}`,
          cookie: ctx.cookie.admin,
          origin: sameOrigin(ctx),
          headers: { "content-type": "application/json" },
        }),
        400,
      ),
  },
  {
    entry: "tRPC",
    kind: "oversized",
    name: "2 MB body with Content-Length",
    expect: "413",
    run: async (ctx) =>
      status(
        await mutation(ctx, "sensors.create", newSensor("big", { name: "x".repeat(2_000_000) }), { cookie: ctx.cookie.admin, origin: sameOrigin(ctx) }),
        413,
      ),
  },
  {
    entry: "tRPC",
    kind: "oversized",
    name: "5 MB body, chunked (no Content-Length)",
    expect: "413",
    item: 3,
    run: async (ctx) =>
      status(
        await rawExchange(
          ctx.port,
          `POST /api/trpc/sensors.create HTTP/1.1\r\nHost: drill\r\nCookie: ${ctx.cookie.admin}\r\nOrigin: ${sameOrigin(ctx)}\r\nContent-Type: application/json\r\n`,
          { chunkedBytes: 5_000_000 },
        ),
        413,
      ),
  },
  {
    entry: "tRPC",
    kind: "oversized",
    name: "a batch of 1,000 calls in one request",
    expect: "400 or 413",
    item: 3,
    run: async (ctx) =>
      status(
        await call(ctx.base, `/api/trpc/${Array.from({ length: 1_000 }, () => "auth.logout").join(",")}?batch=1`, {
          body: trpcBatchBody(Array.from({ length: 1_000 }, () => undefined)),
          origin: sameOrigin(ctx),
          headers: { "content-type": "application/json" },
        }),
        400,
        413,
        414,
        431,
      ),
  },
  { entry: "tRPC", kind: "wrong-role", name: "anonymous reads sensors", expect: "401", run: async (ctx) => status(await query(ctx, "sensors.list", {}), 401) },
  {
    entry: "tRPC",
    kind: "wrong-role",
    name: "stakeholder registers a sensor",
    expect: "403",
    run: async (ctx) => status(await mutation(ctx, "sensors.create", newSensor("role"), { cookie: ctx.cookie.stakeholder, origin: sameOrigin(ctx) }), 403),
  },
  {
    entry: "tRPC",
    kind: "wrong-role",
    name: "engineer creates a job definition",
    expect: "403",
    run: async (ctx) =>
      status(await mutation(ctx, "jobs.create", { name: "drill", kind: "noop" }, { cookie: ctx.cookie.engineer, origin: sameOrigin(ctx) }), 403),
  },
  {
    entry: "tRPC",
    kind: "wrong-role",
    name: "stakeholder reads the run history",
    expect: "403",
    run: async (ctx) => status(await query(ctx, "runs.list", {}, ctx.cookie.stakeholder), 403),
  },
  {
    entry: "tRPC",
    kind: "cross-origin",
    name: "admin's cookie, mutation from another Origin",
    expect: "403",
    item: 6,
    run: async (ctx) => status(await mutation(ctx, "sensors.create", newSensor("csrf"), { cookie: ctx.cookie.admin, origin: ctx.evilOrigin }), 403),
  },
  {
    entry: "tRPC",
    kind: "cross-origin",
    name: "login from another Origin",
    expect: "403",
    item: 6,
    run: async (ctx) => status(await mutation(ctx, "auth.login", { email: "admin@gristmill.local", password: "x" }, { origin: ctx.evilOrigin }), 403),
  },
  {
    entry: "tRPC",
    kind: "injection",
    name: "SQL in the sensor search matches nothing",
    expect: "200, 0 sensors",
    run: async (ctx) => {
      const a = await query(ctx, "sensors.list", { search: `' OR 1=1 --` }, ctx.cookie.admin);
      const items = a.status === 200 ? JSON.parse(a.text).result?.data?.json?.sensors : null;
      return {
        ok: a.status === 200 && Array.isArray(items) && items.length === 0,
        got: `${describe(a)}, ${Array.isArray(items) ? items.length : "?"} sensors`,
      };
    },
  },
  {
    entry: "tRPC",
    kind: "injection",
    name: "SQL in the run search (DROP TABLE)",
    expect: "200",
    run: async (ctx) => status(await query(ctx, "runs.list", { search: `x'; DROP TABLE "JobRun"; --` }, ctx.cookie.admin), 200),
  },
  {
    entry: "tRPC",
    kind: "injection",
    name: "regex metacharacters in the sensor search",
    expect: "200",
    run: async (ctx) => status(await query(ctx, "sensors.list", { search: "(a+)+$%_\\" }, ctx.cookie.admin), 200),
  },
  {
    entry: "tRPC",
    kind: "wrong-role",
    name: "12 wrong passwords for one account: refused with 429 and Retry-After",
    expect: "429 + Retry-After",
    item: 4,
    run: async (ctx) => {
      let last: Answer | undefined;
      for (let i = 0; i < 12; i++)
        last = await mutation(ctx, "auth.login", { email: "drill-lockout@gristmill.local", password: `wrong-${i}` }, { origin: sameOrigin(ctx) });
      return {
        ok: last!.status === 429 && Number(last!.headers.get("retry-after")) > 0,
        got: `${describe(last!)}, Retry-After ${last!.headers.get("retry-after") ?? "absent"}`,
      };
    },
  },

  // ── uploads (/imports: imports.preview) ──
  {
    entry: "uploads",
    kind: "malformed",
    name: "control: a valid small file previews",
    expect: "200",
    run: async (ctx) =>
      status(
        await mutation(ctx, "imports.preview", csvFile("2026-01-01T00:00:00Z,1\n2026-01-01T00:01:00Z,2\n"), {
          cookie: ctx.cookie.operator,
          origin: sameOrigin(ctx),
        }),
        200,
      ),
  },
  {
    entry: "uploads",
    kind: "malformed",
    name: "binary garbage as a logger file",
    expect: "400",
    run: async (ctx) =>
      status(
        await mutation(ctx, "imports.preview", upload("x.csv", Buffer.from([0, 1, 2, 0x50, 0x4b, 3, 4, 0xff, 0xfe, 0])), {
          cookie: ctx.cookie.operator,
          origin: sameOrigin(ctx),
        }),
        400,
      ),
  },
  {
    entry: "uploads",
    kind: "malformed",
    name: "unknown time zone",
    expect: "400",
    run: async (ctx) =>
      status(
        await mutation(
          ctx,
          "imports.preview",
          { ...csvFile("2026-01-01T00:00:00Z,1\n"), timeZone: "Mars/Olympus" },
          { cookie: ctx.cookie.operator, origin: sameOrigin(ctx) },
        ),
        400,
      ),
  },
  {
    entry: "uploads",
    kind: "oversized",
    name: "a 25 MiB file (limit 20 MiB)",
    expect: "413",
    run: async (ctx) =>
      status(
        await mutation(ctx, "imports.preview", csvFile("2026-01-01T00:00:00Z,1\n".repeat(1_200_000)), { cookie: ctx.cookie.operator, origin: sameOrigin(ctx) }),
        413,
      ),
  },
  {
    entry: "uploads",
    kind: "oversized",
    name: "a 45 MiB request body, chunked",
    expect: "413",
    run: async (ctx) =>
      status(
        await rawExchange(
          ctx.port,
          `POST /api/trpc/imports.preview HTTP/1.1\r\nHost: drill\r\nCookie: ${ctx.cookie.operator}\r\nOrigin: ${sameOrigin(ctx)}\r\nContent-Type: application/json\r\n`,
          { chunkedBytes: 45 * 1024 * 1024 },
        ),
        413,
      ),
  },
  {
    entry: "uploads",
    kind: "malformed",
    name: "content that is not base64",
    expect: "400",
    run: async (ctx) =>
      status(
        await mutation(
          ctx,
          "imports.preview",
          { fileName: "x.csv", contentBase64: "<not base64!>", timeZone: "UTC" },
          { cookie: ctx.cookie.operator, origin: sameOrigin(ctx) },
        ),
        400,
      ),
  },
  {
    entry: "uploads",
    kind: "malformed",
    name: "a 50,000-digit cell ending in x, refused fast (import)",
    expect: "400 < 1 s",
    item: 1,
    run: async (ctx) =>
      quickStatus(
        await mutation(ctx, "imports.create", importOf(ctx, `2026-01-01T00:00:00Z,${manyDigits(50_000)}\n`), {
          cookie: ctx.cookie.operator,
          origin: sameOrigin(ctx),
        }),
        1_000,
        400,
      ),
  },
  {
    entry: "uploads",
    kind: "injection",
    name: "CSV formula in a value cell (import: nothing queued)",
    expect: "400",
    run: async (ctx) =>
      status(
        await mutation(ctx, "imports.create", importOf(ctx, `2026-01-01T00:00:00Z,=HYPERLINK("http://evil.example")\n`), {
          cookie: ctx.cookie.operator,
          origin: sameOrigin(ctx),
        }),
        400,
      ),
  },
  {
    entry: "uploads",
    kind: "wrong-role",
    name: "stakeholder uploads",
    expect: "403",
    run: async (ctx) =>
      status(await mutation(ctx, "imports.preview", csvFile("2026-01-01T00:00:00Z,1\n"), { cookie: ctx.cookie.stakeholder, origin: sameOrigin(ctx) }), 403),
  },
  {
    entry: "uploads",
    kind: "cross-origin",
    name: "operator's cookie, upload from another Origin",
    expect: "403",
    item: 6,
    run: async (ctx) =>
      status(await mutation(ctx, "imports.preview", csvFile("2026-01-01T00:00:00Z,1\n"), { cookie: ctx.cookie.operator, origin: ctx.evilOrigin }), 403),
  },

  // ── downloads ──
  {
    entry: "/api/exports",
    kind: "wrong-role",
    name: "anonymous",
    expect: "401",
    run: async (ctx) => status(await call(ctx.base, `/api/exports/${ctx.adminExportId}`), 401),
  },
  {
    entry: "/api/exports",
    kind: "wrong-role",
    name: "stakeholder asks for the admin's export",
    expect: "404",
    run: async (ctx) => status(await call(ctx.base, `/api/exports/${ctx.adminExportId}`, { cookie: ctx.cookie.stakeholder }), 404),
  },
  {
    entry: "/api/exports",
    kind: "injection",
    name: "SQL in the export id",
    expect: "404",
    run: async (ctx) => status(await call(ctx.base, `/api/exports/${encodeURIComponent("' OR '1'='1")}`, { cookie: ctx.cookie.stakeholder }), 404, 400),
  },
  {
    entry: "/api/exports",
    kind: "malformed",
    name: "a 500-character id",
    expect: "400",
    run: async (ctx) => status(await call(ctx.base, `/api/exports/${"a".repeat(500)}`, { cookie: ctx.cookie.stakeholder }), 400),
  },
  {
    entry: "/api/reports",
    kind: "malformed",
    name: "from is not a time",
    expect: "400",
    run: async (ctx) => status(await call(ctx.base, "/api/reports/export?from=yesterday-ish&to=now", { cookie: ctx.cookie.stakeholder }), 400),
  },
  {
    entry: "/api/reports",
    kind: "malformed",
    name: "unknown format",
    expect: "400",
    run: async (ctx) =>
      status(await call(ctx.base, `/api/reports/export?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z&format=xml`, { cookie: ctx.cookie.stakeholder }), 400),
  },
  {
    entry: "/api/reports",
    kind: "injection",
    name: "SQL in the region filter",
    expect: "200 (empty)",
    run: async (ctx) =>
      status(
        await call(ctx.base, `/api/reports/export?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z&region=${encodeURIComponent("x' OR '1'='1")}`, {
          cookie: ctx.cookie.stakeholder,
        }),
        200,
      ),
  },
  {
    entry: "/api/reports",
    kind: "wrong-role",
    name: "anonymous",
    expect: "401",
    run: async (ctx) => status(await call(ctx.base, "/api/reports/export?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z"), 401),
  },
  {
    entry: "/api/audit",
    kind: "wrong-role",
    name: "operator downloads the audit trail",
    expect: "403",
    run: async (ctx) => status(await call(ctx.base, "/api/audit/export", { cookie: ctx.cookie.operator }), 403),
  },
  { entry: "/api/audit", kind: "wrong-role", name: "anonymous", expect: "401", run: async (ctx) => status(await call(ctx.base, "/api/audit/export"), 401) },
  {
    entry: "/api/audit",
    kind: "malformed",
    name: "a bad time filter",
    expect: "400",
    run: async (ctx) => status(await call(ctx.base, "/api/audit/export?from=not-a-date", { cookie: ctx.cookie.admin }), 400),
  },

  // ── socket.io ──
  {
    entry: "socket.io",
    kind: "wrong-role",
    name: "handshake without a session",
    expect: "UNAUTHORIZED",
    run: async (ctx) => {
      const r = await socketCase(ctx, {});
      return { ok: r === "UNAUTHORIZED", got: r };
    },
  },
  {
    entry: "socket.io",
    kind: "wrong-role",
    name: "stakeholder subscribes to a staff topic",
    expect: "FORBIDDEN",
    run: async (ctx) => {
      const r = await socketCase(ctx, { cookie: ctx.cookie.stakeholder, origin: ctx.base }, (s) => subscribe(s, "workers"));
      return { ok: r === "FORBIDDEN", got: r };
    },
  },
  {
    entry: "socket.io",
    kind: "malformed",
    name: "subscribe to a topic that is an object",
    expect: "UNKNOWN_TOPIC",
    run: async (ctx) => {
      const r = await socketCase(ctx, { cookie: ctx.cookie.admin, origin: ctx.base }, (s) => subscribe(s, { topic: "alerts" }));
      return { ok: r === "UNKNOWN_TOPIC", got: r };
    },
  },
  {
    entry: "socket.io",
    kind: "cross-origin",
    name: "handshake with the admin's cookie from another Origin",
    expect: "refused",
    item: 6,
    run: async (ctx) => {
      const r = await socketCase(ctx, { cookie: ctx.cookie.admin, origin: ctx.evilOrigin });
      return { ok: r !== "connected", got: r };
    },
  },
  {
    entry: "socket.io",
    kind: "oversized",
    name: "a 5 MB frame",
    expect: "connection closed",
    run: async (ctx) => {
      const r = await rawSocketFrame(ctx, ctx.cookie.admin, `42["subscribe","${"a".repeat(5_000_000)}"]`);
      return { ok: r === "closed", got: r };
    },
  },
  {
    entry: "socket.io",
    kind: "malformed",
    name: "a frame that is not a socket.io packet",
    expect: "no crash (checked below)",
    run: async (ctx) => {
      const r = await rawSocketFrame(ctx, ctx.cookie.admin, '4\u0000{{{{[[["subscribe"');
      return { ok: true, got: r };
    },
  },

  // ── /api/metrics, /api/health ──
  { entry: "/api/metrics", kind: "wrong-role", name: "no token", expect: "401", run: async (ctx) => status(await call(ctx.base, "/api/metrics"), 401) },
  {
    entry: "/api/metrics",
    kind: "wrong-role",
    name: "a wrong token of the right length",
    expect: "401",
    run: async (ctx) => status(await call(ctx.base, "/api/metrics", { headers: { authorization: `Bearer ${"x".repeat(ctx.metricsToken.length)}` } }), 401),
  },
  {
    entry: "/api/metrics",
    kind: "wrong-role",
    name: "the token in the query string instead of the header",
    expect: "401",
    run: async (ctx) => status(await call(ctx.base, `/api/metrics?token=${ctx.metricsToken}`), 401),
  },
  {
    entry: "/api/health",
    kind: "wrong-role",
    name: "anonymous gets statuses only (no URLs, no error text)",
    expect: "200, no internals",
    item: 6,
    run: async (ctx) => {
      const a = await call(ctx.base, "/api/health");
      const leaks = /:\/\/|127\.0\.0\.1|localhost|error|ECONN|postgres(ql)?:/i.test(a.text);
      return { ok: a.status === 200 && !leaks, got: `${describe(a)}${leaks ? ", body names internals" : ""}` };
    },
  },
  {
    entry: "/api/health",
    kind: "malformed",
    name: "POST instead of GET",
    expect: "405",
    run: async (ctx) => status(await call(ctx.base, "/api/health", { method: "POST", body: "x" }), 405),
  },

  // ── slow clients ──
  {
    entry: "http server",
    kind: "slow-loris",
    name: "headers one byte per 500 ms: closed within the headers timeout",
    expect: "closed < headers timeout + 2.5 s",
    run: async (ctx) => {
      const r = await slowClient(
        ctx.port,
        "GET /api/health HTTP/1.1\r\nHost: drill\r\n",
        "X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n",
        500,
        ctx.headersTimeoutMs + 20_000,
      );
      return {
        ok: r.closedAfterMs !== null && r.closedAfterMs < ctx.headersTimeoutMs + 2_500,
        got:
          r.closedAfterMs === null ? "still open after 20 s past the timeout" : `closed after ${r.closedAfterMs} ms${r.firstLine ? ` (${r.firstLine})` : ""}`,
      };
    },
  },
  {
    entry: "/api/v2/write",
    kind: "slow-loris",
    name: "body one byte per 500 ms: closed within the request timeout",
    expect: "closed < request timeout + 2.5 s",
    run: async (ctx) => {
      const head = `POST /api/v2/write?bucket=b HTTP/1.1\r\nHost: drill\r\nAuthorization: Token ${ctx.tokens.refuse}\r\nContent-Length: 100000\r\n\r\n`;
      const r = await slowClient(ctx.port, head, "reading,sensor=x value=1\n", 500, ctx.requestTimeoutMs + 20_000);
      return {
        ok: r.closedAfterMs !== null && r.closedAfterMs < ctx.requestTimeoutMs + 2_500,
        got:
          r.closedAfterMs === null ? "still open after 20 s past the timeout" : `closed after ${r.closedAfterMs} ms${r.firstLine ? ` (${r.firstLine})` : ""}`,
      };
    },
  },
  {
    entry: "tRPC",
    kind: "slow-loris",
    name: "body one byte per 500 ms: closed within the request timeout",
    expect: "closed < request timeout + 2.5 s",
    run: async (ctx) => {
      const head = `POST /api/trpc/auth.login HTTP/1.1\r\nHost: drill\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n`;
      const r = await slowClient(ctx.port, head, `{"json":{"email":"a@b.c","password":"xxxxxxxx`, 500, ctx.requestTimeoutMs + 20_000);
      return {
        ok: r.closedAfterMs !== null && r.closedAfterMs < ctx.requestTimeoutMs + 2_500,
        got:
          r.closedAfterMs === null ? "still open after 20 s past the timeout" : `closed after ${r.closedAfterMs} ms${r.firstLine ? ` (${r.firstLine})` : ""}`,
      };
    },
  },
];
