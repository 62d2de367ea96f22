import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReplicaPair, type ReplicaPair } from "@/scripts/services/postgres-replica";
import { until } from "@/tests/support/until";
import { createDb, type ReadDb } from "../db";
import type { PrismaClient } from "../db/generated/client";
import { DomainError, notFound } from "../errors";
import { readFromReplica } from "./read-from-replica";
import { ReplicaMonitor } from "./replica-monitor";

// A real primary and streaming replica of its own (initdb + pg_basebackup, ~10 s), never the machine's server.
let pair: ReplicaPair;
let primary: PrismaClient;
let replica: PrismaClient;
let monitor: ReplicaMonitor;

const servedBy = (client: ReadDb) =>
  client.$queryRaw<Array<{ replica: boolean }>>`SELECT pg_is_in_recovery() AS replica`.then(([row]) => (row.replica ? "replica" : "primary"));

beforeAll(async () => {
  pair = createReplicaPair({ primaryPort: 5482, replicaPort: 5483 });
  primary = createDb(pair.primaryUrl("postgres"), { max: 2 });
  replica = createDb(pair.replicaUrl("postgres"), { max: 2, waitMs: 1_000 });
  await primary.$executeRawUnsafe("CREATE TABLE marks (n int)");
  monitor = new ReplicaMonitor(primary, replica, { maxLagMs: 1_500, probeMs: 200, timeoutMs: 1_000 });
  monitor.start();
  await until("the replica to serve reads", () => monitor.state.serving);
}, 120_000);

afterAll(async () => {
  monitor?.stop();
  await Promise.all([primary?.$disconnect(), replica?.$disconnect()]).catch(() => undefined);
  pair?.cleanup();
});

describe("reads on a streaming replica, with a lag bound and fallback (real PostgreSQL primary and replica)", () => {
  it("serves reads from the replica, with no lag on an idle primary and a write seen within the bound", async () => {
    expect(await readFromReplica(servedBy, monitor)).toBe("replica");
    await new Promise((r) => setTimeout(r, 2_000)); // idle: the last replayed commit ages, the lag does not
    expect(monitor.state).toMatchObject({ up: true, serving: true, lagMs: 0, lagBytes: 0 });
    await primary.$executeRawUnsafe("INSERT INTO marks VALUES (1)");
    await until(
      "the write on the replica",
      async () => (await readFromReplica((c) => c.$queryRaw<Array<{ n: number }>>`SELECT count(*)::int AS n FROM marks`, monitor))[0].n === 1,
      5_000,
    );
    expect(monitor.state.serving).toBe(true);
  });

  it("asks the primary when the replica does not find a row (it may be newer than the replica), but not again for the caller's own errors", async () => {
    const sides: string[] = [];
    const lookup = async (client: ReadDb) => {
      const side = await servedBy(client);
      sides.push(side);
      if (side === "replica") throw notFound("Run");
      return side;
    };
    expect(await readFromReplica(lookup, monitor)).toBe("primary");
    expect(sides).toEqual(["replica", "primary"]);
    expect(monitor.state.serving).toBe(true); // a missing row says nothing about the replica's health
    let calls = 0;
    const invalid = () => {
      calls++;
      return Promise.reject(new DomainError("INVALID", "bad filter"));
    };
    await expect(readFromReplica(invalid, monitor)).rejects.toThrow("bad filter");
    expect(calls).toBe(1);
  });

  it("sends reads to the primary while the replica lags past READ_REPLICA_MAX_LAG_MS, and back once it catches up", async () => {
    await replica.$executeRawUnsafe("SELECT pg_wal_replay_pause()");
    await primary.$executeRawUnsafe("INSERT INTO marks VALUES (2)");
    await until("reads to fall back for lag", () => !monitor.state.serving, 5_000);
    expect(monitor.state.lagMs).toBeGreaterThan(1_500);
    expect(monitor.state.lagBytes).toBeGreaterThan(0);
    expect(monitor.state.reason).toContain("READ_REPLICA_MAX_LAG_MS");
    expect(await readFromReplica(servedBy, monitor)).toBe("primary");
    await replica.$executeRawUnsafe("SELECT pg_wal_replay_resume()");
    await until("reads back on the replica", () => monitor.state.serving, 5_000);
    expect(monitor.state.lagMs).toBe(0);
    expect(await readFromReplica(servedBy, monitor)).toBe("replica");
  });

  it("retries a read on the primary at once when the replica is stopped, and returns to it after a restart", async () => {
    const before = { ...monitor.counts };
    monitor.stop(); // no probe in between: the failing read itself must notice
    pair.stopReplica();
    expect(monitor.state.serving).toBe(true);
    const started = performance.now();
    expect(await readFromReplica(servedBy, monitor)).toBe("primary");
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(monitor.state).toMatchObject({ up: false, serving: false });
    expect(monitor.state.reason).toContain("replica query failed");
    expect(monitor.counts.retriedOnPrimary).toBe(before.retriedOnPrimary + 1);
    expect(await readFromReplica(servedBy, monitor)).toBe("primary");
    expect(monitor.counts.primary).toBe(before.primary + 1);

    monitor.start();
    await monitor.probe();
    expect(monitor.state.reason).toContain("replica unreachable");
    pair.startReplica();
    await until("reads back on the restarted replica", () => monitor.state.serving, 15_000);
    expect(await readFromReplica(servedBy, monitor)).toBe("replica");
  }, 60_000);

  it("keeps the replica serving while the primary is down (lag unknown)", async () => {
    pair.stopPrimary();
    await until("a probe without the primary", () => monitor.state.lagMs === null, 5_000);
    expect(monitor.state).toMatchObject({ up: true, serving: true, lagBytes: null });
    expect(await readFromReplica(servedBy, monitor)).toBe("replica");
    pair.startPrimary();
    await until("the lag measured again", () => monitor.state.lagMs === 0, 15_000);
  }, 60_000);
});
