import "./load-dotenv";

import { randomUUID } from "node:crypto";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import next from "next";
import { CLIENT_IP_HEADER } from "./api/trpc";
// Registers the product's job kinds on globalThis, for every Next.js bundle that validates or enqueues a run.
import "./catalog/job-kinds";
import { claimConnectionBudget } from "./connection-budget/claim-connection-budget";
import { db } from "./db";
import { env } from "./env";
import { startFleetMonitor } from "./fleet/fleet-monitor";
import { checkProductionSafety } from "./auth/check-production-safety";
import { clientAddress } from "./http/client-address";
import { applyRequestSecurity } from "./http/request-security";
import { logger } from "./logger";
import { startReplicaMonitor } from "./read-replica/read-from-replica";
import { countOwnRedisConnections } from "./redis";
import { influx } from "./influx/influx-client";
import { readLineProtocolReadings } from "./ingest/read-line-protocol-readings";
import { ensureReadingsStore } from "./retention/ensure-readings-store";
import { attachRealtime } from "./realtime/socket-server";
import { webProcessMetrics } from "./telemetry/web-process-metrics";
import { runInWorkerThread } from "./worker-threads/run-in-worker-thread";

const influxCompatiblePaths = new Set(["/write", "/query", "/ping", "/health"]);
const isInfluxCompatiblePath = (url: string | undefined) => influxCompatiblePaths.has((url ?? "").split("?")[0]);

/** One process serves Next.js pages, tRPC at /api/trpc and socket.io, all on PORT. */
async function main() {
  logger.setBindings({ service: "web" });
  const config = env();
  webProcessMetrics(); // event-loop delay is measured from boot
  const dev = process.argv.includes("--dev");
  // Refuses to serve a production deployment that still has the demo password or lacks a needed secret.
  await checkProductionSafety(db, config);
  // The replica's pool is claimed on the primary's ledger too: a hot standby runs with max_connections at least
  // the primary's, and the same processes connect to both, so what fits the primary fits the replica.
  const readPoolMax = config.READ_DATABASE_URL ? config.READ_DATABASE_POOL_MAX : 0;
  const claim = await claimConnectionBudget(db, {
    role: "web",
    processId: `web-${os.hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
    pgConnections: readPoolMax + config.DATABASE_POOL_MAX,
    webReserve: config.DATABASE_WEB_RESERVE,
  });
  const replica = startReplicaMonitor();
  const app = next({ dev, dir: path.resolve(__dirname, ".."), hostname: config.HOST, port: config.PORT });
  await app.prepare();
  // Not fatal: readers and writers retry, and the next start tries again.
  void ensureReadingsStore(db, { client: influx() }).catch((err) =>
    logger.warn({ event: "readings.store_unavailable", error: (err as Error).message }, "could not prepare the readings store"),
  );
  const handle = app.getRequestHandler();

  // Timeouts below are enforced at this check's interval (Node's default is 30 s).
  const server = http.createServer({ connectionsCheckingInterval: 1_000 }, (req, res) => {
    // The socket address, or what a trusted proxy says; a client cannot set its own.
    req.headers[CLIENT_IP_HEADER] = clientAddress({
      remoteAddress: req.socket.remoteAddress,
      forwardedFor: req.headers["x-forwarded-for"],
      trustedProxies: config.TRUSTED_PROXIES,
    });
    if (!applyRequestSecurity(req, res, config, dev)) return;
    // Next gzips every answer on this one event loop; for the API (writes, tRPC, health, metrics) that
    // cost more than the bytes saved: under the ingest-flood drill it doubled the loop's p99. Pages
    // and static files are still compressed; a reverse proxy may compress the rest.
    if (req.url?.startsWith("/api/") || isInfluxCompatiblePath(req.url)) delete req.headers["accept-encoding"];
    handle(req, res).catch((err) => {
      // The path only: a query string may carry a secret (the 1.x write API's `p` token).
      const errorId = randomUUID();
      logger.error({ event: "http.error", errorId, path: req.url?.split("?")[0], err }, "request failed");
      if (!res.headersSent) res.writeHead(500).end(`Internal error (error id ${errorId})`);
    });
  });
  // Slow-loris: a client that dribbles its headers or body is cut off instead of holding a socket forever.
  server.headersTimeout = config.HTTP_HEADERS_TIMEOUT_MS;
  server.requestTimeout = config.HTTP_REQUEST_TIMEOUT_MS;
  const realtime = attachRealtime(server, { monitors: [startFleetMonitor] });

  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  // The parse threads load their task files now, so the first large write or upload does not wait for it.
  void Promise.all([
    readLineProtocolReadings({ body: "warm-up v=1", unitNs: 1n, nowNs: 0n, offThreadFromChars: 0 }),
    runInWorkerThread({
      file: "server/imports/scan-logger-file-task.ts",
      name: "scanLoggerFileTask",
      payload: { bytes: Buffer.from("time,a\n2026-01-01T00:00:00Z,1\n"), options: { timeZone: "UTC" } },
    }),
  ]).catch((err) => logger.warn({ event: "web.worker_threads_unavailable", error: (err as Error).message }, "parse threads did not start"));
  logger.info(
    {
      event: "web.started",
      url: config.PUBLIC_URL,
      port: config.PORT,
      dev,
      connections: {
        postgresPoolMax: config.DATABASE_POOL_MAX,
        postgresReadPoolMax: readPoolMax,
        redis: await countOwnRedisConnections().catch(() => null),
        influxMaxSockets: config.INFLUX_MAX_SOCKETS,
      },
    },
    `console listening; ${claim.verdict.message}`,
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ event: "web.stopping", signal }, "stopping web server");
    const force = setTimeout(() => process.exit(0), 5_000).unref();
    await realtime.close();
    await claim.release();
    replica?.stop();
    await Promise.all([db.$disconnect(), replica?.replica.$disconnect()]).catch(() => undefined);
    clearTimeout(force);
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((err) => {
  logger.fatal({ event: "web.crashed", err }, "web server could not start");
  process.exit(1);
});
