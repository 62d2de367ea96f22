import { describe, expect, it } from "vitest";
import type { ReadDb } from "../db";
import { envSchema } from "../env";
import { healthHttpStatus, READ_REPLICA_DEPENDENCY, replicaHealth, type HealthReport } from "../health/check-health";
import { decideReplicaState, parseLsn, replicaLagMs, trimSamples, type ReplicaProbe } from "./replica-lag";

const at = 1_000_000;
const replayed = (replayLsn: bigint, primaryLsn: bigint | null = 100n): ReplicaProbe => ({
  at,
  primaryLsn,
  replica: { ok: true, inRecovery: true, replayLsn },
});

describe("replica lag and where reads go (pure)", () => {
  it("reads pg_lsn text as a byte position and refuses anything else", () => {
    expect(parseLsn("0/3000060")).toBe(0x3000060n);
    expect(parseLsn("16/B374D848")).toBe((0x16n << 32n) | 0xb374d848n);
    expect(parseLsn("16/B374D848") - parseLsn("16/B374D800")).toBe(0x48n);
    for (const bad of ["", "16", "16/", "xyz/1", "1/2/3", "0/123456789", "0/1; DROP TABLE x"]) expect(() => parseLsn(bad), bad).toThrow("not a WAL position");
  });

  it("counts an idle primary the replica has fully replayed as no lag, however old its last commit", () => {
    // The primary has not moved for a minute: pg_last_xact_replay_timestamp() would say 60 s.
    const samples = Array.from({ length: 60 }, (_, i) => ({ at: at - 60_000 + i * 1_000, lsn: 500n }));
    expect(replicaLagMs(samples, 500n, at)).toBe(0);
    expect(decideReplicaState(replayed(500n, 500n), samples, 5_000)).toMatchObject({ up: true, serving: true, lagMs: 0, lagBytes: 0 });
  });

  it("measures lag from the first primary position the replica has not replayed, and falls back past the bound", () => {
    const samples = [
      { at: at - 8_000, lsn: 100n },
      { at: at - 7_000, lsn: 200n },
      { at: at - 1_000, lsn: 900n },
      { at, lsn: 1_000n },
    ];
    expect(replicaLagMs(samples, 1_000n, at)).toBe(0);
    expect(replicaLagMs(samples, 950n, at)).toBe(0); // only the latest is ahead: it was taken now
    expect(replicaLagMs(samples, 900n, at)).toBe(0);
    expect(replicaLagMs(samples, 899n, at)).toBe(1_000);
    expect(replicaLagMs(samples, 150n, at)).toBe(7_000);
    const behind = decideReplicaState(replayed(150n, 1_000n), samples, 5_000);
    expect(behind).toMatchObject({ up: true, serving: false, lagMs: 7_000, lagBytes: 850 });
    expect(behind.reason).toContain("READ_REPLICA_MAX_LAG_MS=5000");
    expect(decideReplicaState(replayed(899n, 1_000n), samples, 5_000)).toMatchObject({ serving: true, lagMs: 1_000, lagBytes: 101 });
    // The bound is a bound: equal is still served.
    expect(decideReplicaState(replayed(150n, 1_000n), samples, 7_000).serving).toBe(true);
  });

  it("falls back when the replica does not answer or is not a replica, and keeps it when only the primary is down", () => {
    const down = decideReplicaState({ at, primaryLsn: 5n, replica: { ok: false, error: "connect ECONNREFUSED 127.0.0.1:5481" } }, [], 5_000);
    expect(down).toMatchObject({ up: false, serving: false, lagMs: null });
    expect(down.reason).toContain("ECONNREFUSED");
    // READ_DATABASE_URL pointing at a primary (or a promoted replica): nothing says how it relates to ours.
    expect(decideReplicaState({ at, primaryLsn: 5n, replica: { ok: true, inRecovery: false, replayLsn: null } }, [], 5_000)).toMatchObject({
      up: true,
      serving: false,
    });
    expect(decideReplicaState(replayed(5n, null), [], 5_000)).toMatchObject({ up: true, serving: true, lagMs: null, lagBytes: null });
  });

  it("keeps just the samples that can still decide a lag", () => {
    const samples = Array.from({ length: 10 }, (_, i) => ({ at: at - 9_000 + i * 1_000, lsn: BigInt(i) }));
    expect(trimSamples(samples, at, 3_000).map((s) => s.at)).toEqual([at - 4_000, at - 3_000, at - 2_000, at - 1_000, at]);
    expect(trimSamples(samples, at + 60_000, 3_000)).toEqual([samples[9]]);
  });

  it("shows a down replica in health as degraded but not failing (reads fall back), and a down primary as 503", () => {
    const state = decideReplicaState({ at, primaryLsn: 5n, replica: { ok: false, error: "connect ECONNREFUSED" } }, [], 5_000);
    const { dependency, readReplica } = replicaHealth(state);
    expect(dependency.ok).toBe(false);
    expect(dependency.error).toContain("reads are served by the primary");
    expect(readReplica).toMatchObject({ up: false, fallback: true });
    const report = (down: string[]): HealthReport => ({ status: "degraded", checkedAt: "", dependencies: {}, down });
    expect(healthHttpStatus(report([READ_REPLICA_DEPENDENCY]))).toBe(200);
    expect(healthHttpStatus(report([READ_REPLICA_DEPENDENCY, "postgres"]))).toBe(503);
    expect(healthHttpStatus(report([]))).toBe(200);
    expect(replicaHealth(decideReplicaState(replayed(100n, 100n), [], 5_000)).dependency).toMatchObject({ ok: true, detail: "serves reads, lag 0 ms" });
  });
});

describe("READ_DATABASE_URL and the replica settings (hostile input)", () => {
  const parse = (extra: Record<string, string>) => envSchema.safeParse({ NODE_ENV: "test", ...extra });

  it("takes a postgresql:// URL, treats an empty one as unset, and refuses anything else at start", () => {
    expect(parse({ READ_DATABASE_URL: "postgresql://reader@10.0.0.5:5432/gristmill" }).data?.READ_DATABASE_URL).toBe(
      "postgresql://reader@10.0.0.5:5432/gristmill",
    );
    expect(parse({ READ_DATABASE_URL: "postgres://reader@replica/gristmill" }).success).toBe(true);
    expect(parse({ READ_DATABASE_URL: "" }).data?.READ_DATABASE_URL).toBeUndefined();
    expect(parse({}).data).toMatchObject({ READ_REPLICA_MAX_LAG_MS: 5_000, READ_REPLICA_PROBE_MS: 1_000, READ_DATABASE_POOL_MAX: 5 });
    for (const bad of [
      "replica:5432",
      "redis://127.0.0.1:6379/0",
      "http://replica/gristmill",
      "postgresql",
      " ",
      "javascript:alert(1)",
      "file:///etc/passwd",
    ]) {
      const result = parse({ READ_DATABASE_URL: bad });
      expect(result.success, bad).toBe(false);
      expect(result.error?.issues[0].path).toEqual(["READ_DATABASE_URL"]);
    }
    // DATABASE_URL gets the same scheme check.
    expect(parse({ DATABASE_URL: "redis://127.0.0.1:6379/0" }).success).toBe(false);
    for (const [name, value] of [
      ["READ_REPLICA_MAX_LAG_MS", "0"],
      ["READ_REPLICA_MAX_LAG_MS", "-5"],
      ["READ_REPLICA_MAX_LAG_MS", "5s"],
      ["READ_REPLICA_PROBE_MS", "10"],
      ["READ_DATABASE_POOL_MAX", "0"],
      ["READ_DATABASE_POOL_MAX", "1e9"],
    ]) {
      expect(parse({ [name]: value }).success, `${name}=${value}`).toBe(false);
    }
  });

  it("gives read-only services a client type without writes", () => {
    const probe = (client: ReadDb) => {
      // @ts-expect-error a read service cannot write: ReadDb has no update
      void client.jobRun.update;
      // @ts-expect-error nor raw statements
      void client.$executeRaw;
      return client.jobRun.findMany;
    };
    expect(probe).toBeTypeOf("function");
  });
});
