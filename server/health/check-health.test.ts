import { afterAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { env } from "../env";
import { InfluxClient } from "../influx/influx-client";
import { createRedis, closeSharedRedis } from "../redis";
import { checkHealth, defaultHealthProbes } from "./check-health";

describe("health check", () => {
  afterAll(async () => {
    await db.$disconnect();
    closeSharedRedis();
  });

  it("reports every dependency up, with its latency, when all answer", async () => {
    const report = await checkHealth();
    expect(report.status).toBe("ok");
    expect(report.down).toEqual([]);
    expect(Object.keys(report.dependencies).sort()).toEqual(["influxdb", "postgres", "redis"]);
    for (const dep of Object.values(report.dependencies)) expect(dep.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("names the dependency that is down (a real client pointed at a closed port)", async () => {
    const deadInflux = new InfluxClient({ url: "http://127.0.0.1:9", database: env().INFLUX_DB, timeoutMs: 300 });
    const report = await checkHealth({ ...defaultHealthProbes(), influxdb: () => deadInflux.ping() });
    expect(report.status).toBe("degraded");
    expect(report.down).toEqual(["influxdb"]);
    expect(report.dependencies.influxdb.ok).toBe(false);
    expect(report.dependencies.influxdb.error).toMatch(/unavailable/i);
    expect(report.dependencies.postgres.ok).toBe(true);
  });

  it("answers within its time budget when a dependency hangs", async () => {
    const deadRedis = createRedis("command", { url: "redis://127.0.0.1:9" });
    deadRedis.on("error", () => undefined);
    const started = performance.now();
    const report = await checkHealth({ ...defaultHealthProbes(), redis: () => deadRedis.ping() }, 300);
    deadRedis.disconnect();
    expect(performance.now() - started).toBeLessThan(500);
    expect(report.down).toEqual(["redis"]);
  });
});
