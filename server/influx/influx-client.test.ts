import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "../env";
import { withInfluxRetry } from "../readings/with-influx-retry";
import { InfluxCircuitOpenError, InfluxClient, InfluxQueryError, InfluxUnavailableError } from "./influx-client";

describe("InfluxClient circuit breaker", () => {
  // A stand-in for an InfluxDB that has gone away: it answers every request with 503.
  let down: Server;
  let requests = 0;
  beforeAll(async () => {
    down = createServer((_req, res) => {
      requests++;
      res.writeHead(503).end("unavailable");
    });
    await new Promise<void>((r) => down.listen(0, "127.0.0.1", r));
  });
  afterAll(() => new Promise<void>((r) => down.close(() => r())));

  it("fails fast after repeated outages, then lets a trial call through", async () => {
    const client = new InfluxClient({ url: `http://127.0.0.1:${(down.address() as AddressInfo).port}`, database: "x", timeoutMs: 500, breakerResetMs: 300 });
    for (let i = 0; i < 3; i++) await expect(client.ping()).rejects.toBeInstanceOf(InfluxUnavailableError);
    expect(client.circuitOpen).toBe(true);
    const seen = requests;
    await expect(client.ping()).rejects.toThrow(/failing fast/);
    expect(requests).toBe(seen); // refused without a request
    await new Promise((r) => setTimeout(r, 350));
    await expect(client.ping()).rejects.toBeInstanceOf(InfluxUnavailableError);
    expect(requests).toBe(seen + 1); // the half-open trial
  });

  it("opens on a hung server whose calls time out one round at a time", async () => {
    // Accepts connections and never answers, as a frozen influxd does.
    const hung = createServer(() => undefined);
    await new Promise<void>((r) => hung.listen(0, "127.0.0.1", r));
    try {
      const client = new InfluxClient({ url: `http://127.0.0.1:${(hung.address() as AddressInfo).port}`, database: "x", timeoutMs: 11_000 });
      // Two calls per round, as a scan reading two chunks of sensors at once; the second round follows the first's timeouts.
      for (let round = 0; round < 2; round++) {
        await Promise.all([
          expect(client.ping()).rejects.toBeInstanceOf(InfluxUnavailableError),
          expect(client.ping()).rejects.toBeInstanceOf(InfluxUnavailableError),
        ]);
      }
      expect(client.circuitOpen).toBe(true);
    } finally {
      hung.closeAllConnections();
      await new Promise<void>((r) => hung.close(() => r()));
    }
  }, 40_000);

  it("a retried call fails at once while the circuit is open, rather than sleeping through refused retries", async () => {
    const client = new InfluxClient({ url: `http://127.0.0.1:${(down.address() as AddressInfo).port}`, database: "x", timeoutMs: 500, breakerResetMs: 2_000 });
    for (let i = 0; i < 3; i++) await expect(client.ping()).rejects.toBeInstanceOf(InfluxUnavailableError);
    expect(client.circuitOpen).toBe(true);
    let calls = 0;
    const started = performance.now();
    await expect(withInfluxRetry("test", () => (calls++, client.ping()))).rejects.toBeInstanceOf(InfluxCircuitOpenError);
    expect(calls).toBe(1);
    expect(performance.now() - started).toBeLessThan(50);
  });

  it("does not count the caller's bad queries as an outage", async () => {
    const client = new InfluxClient({ url: env().INFLUX_URL, database: env().INFLUX_DB });
    for (let i = 0; i < 5; i++) await expect(client.query("SELEKT nonsense")).rejects.toBeInstanceOf(InfluxQueryError);
    expect(client.circuitOpen).toBe(false);
    await expect(client.ping()).resolves.toBeUndefined();
  });
});
