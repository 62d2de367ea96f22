/** The primary's WAL position at one probe. */
export interface LsnSample {
  at: number;
  lsn: bigint;
}

/** What one probe saw: the primary's position (null when it did not answer) and the replica's. */
export interface ReplicaProbe {
  at: number;
  primaryLsn: bigint | null;
  replica: { ok: true; inRecovery: boolean; replayLsn: bigint | null } | { ok: false; error: string };
}

export interface ReplicaState {
  /** The replica answered the last probe (or no query failed on it since). */
  up: boolean;
  /** Reads go to the replica; false means they fall back to the primary, for `reason`. */
  serving: boolean;
  /** How stale the replica is (null: not known, e.g. the primary is down). */
  lagMs: number | null;
  /** WAL the primary has and the replica has not replayed yet. */
  lagBytes: number | null;
  reason: string;
  checkedAt: number;
}

export const initialReplicaState: ReplicaState = { up: false, serving: false, lagMs: null, lagBytes: null, reason: "not probed yet", checkedAt: 0 };

/** "16/B374D848" (pg_lsn as text) → a byte position. */
export function parseLsn(text: string): bigint {
  const match = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(text.trim());
  if (!match) throw new Error(`not a WAL position: ${text.slice(0, 40)}`);
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);
}

/**
 * How long ago the primary first had WAL the replica has not replayed: the oldest sample ahead of the
 * replay position. Zero when the replica has replayed everything the primary had at the latest sample, so
 * an idle primary reads as no lag (pg_last_xact_replay_timestamp() would age without any real lag).
 * Resolution is the probe interval; samples are oldest first.
 */
export function replicaLagMs(samples: readonly LsnSample[], replayLsn: bigint, now: number): number {
  const firstAhead = samples.find((s) => s.lsn > replayLsn);
  return firstAhead ? Math.max(0, now - firstAhead.at) : 0;
}

/** Keeps the samples that can still decide a lag up to keepMs (plus the one just before, which bounds it). */
export function trimSamples(samples: readonly LsnSample[], now: number, keepMs: number): LsnSample[] {
  const firstKept = samples.findIndex((s) => now - s.at <= keepMs);
  if (firstKept < 0) return samples.slice(-1);
  return samples.slice(Math.max(0, firstKept - 1));
}

/** Pure: where reads go after this probe. */
export function decideReplicaState(probe: ReplicaProbe, samples: readonly LsnSample[], maxLagMs: number): ReplicaState {
  const base = { checkedAt: probe.at };
  if (!probe.replica.ok) return { ...base, up: false, serving: false, lagMs: null, lagBytes: null, reason: `replica unreachable: ${probe.replica.error}` };
  const { inRecovery, replayLsn } = probe.replica;
  if (!inRecovery || replayLsn === null)
    return {
      ...base,
      up: true,
      serving: false,
      lagMs: null,
      lagBytes: null,
      reason: "READ_DATABASE_URL is not a streaming replica (pg_is_in_recovery() is false)",
    };
  // With the primary down the replica is the freshest copy there is: it keeps serving, lag unknown.
  if (probe.primaryLsn === null) return { ...base, up: true, serving: true, lagMs: null, lagBytes: null, reason: "" };
  const lagBytes = Number(probe.primaryLsn > replayLsn ? probe.primaryLsn - replayLsn : 0n);
  const lagMs = replicaLagMs(samples, replayLsn, probe.at);
  if (lagMs > maxLagMs)
    return { ...base, up: true, serving: false, lagMs, lagBytes, reason: `replica lag ${lagMs} ms is over READ_REPLICA_MAX_LAG_MS=${maxLagMs}` };
  return { ...base, up: true, serving: true, lagMs, lagBytes, reason: "" };
}
