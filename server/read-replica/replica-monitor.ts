import type { PrismaClient } from "../db/generated/client";
import { logger } from "../logger";
import { decideReplicaState, initialReplicaState, type LsnSample, parseLsn, type ReplicaProbe, type ReplicaState, trimSamples } from "./replica-lag";

export interface ReplicaMonitorOptions {
  maxLagMs: number;
  probeMs: number;
  /** A probe that takes longer than this counts as the server not answering. */
  timeoutMs: number;
}

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Prisma's message opens with "Invalid `prisma.$queryRaw()` invocation:"; the driver's reason is on the last line.
const reasonOf = (err: unknown) =>
  ((err as Error)?.message ?? String(err))
    .split("\n")
    .filter((l) => l.trim())
    .at(-1)
    ?.trim()
    .slice(0, 200) ?? "unknown error";

/**
 * Measures the replica's lag against the primary every probeMs in the background, so choosing where a read
 * goes costs nothing per query; a query that fails on the replica marks it down at once (markDown) until
 * the next probe that succeeds.
 */
export class ReplicaMonitor {
  private current: ReplicaState = initialReplicaState;
  private samples: LsnSample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private probing: Promise<void> | undefined;
  /** Reads served by each side, and reads retried on the primary after the replica failed them. */
  readonly counts = { replica: 0, primary: 0, retriedOnPrimary: 0 };

  constructor(
    readonly primary: PrismaClient,
    readonly replica: PrismaClient,
    private readonly options: ReplicaMonitorOptions,
  ) {}

  get state(): ReplicaState {
    return this.current;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.probe(), this.options.probeMs);
    this.timer.unref();
    void this.probe();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One probe (a second caller while one runs waits for that one). */
  probe(): Promise<void> {
    this.probing ??= this.probeOnce().finally(() => {
      this.probing = undefined;
    });
    return this.probing;
  }

  markDown(err: unknown): void {
    if (!this.current.up && !this.current.serving) return;
    this.transition({ ...this.current, up: false, serving: false, lagMs: null, reason: `replica query failed: ${reasonOf(err)}`, checkedAt: Date.now() });
  }

  private async probeOnce(): Promise<void> {
    const { timeoutMs, maxLagMs } = this.options;
    // The primary first: a replica position read after it can only be further on.
    const primaryLsn = await within(this.primary.$queryRaw<Array<{ lsn: string }>>`SELECT pg_current_wal_lsn()::text AS lsn`, timeoutMs).then(
      ([row]) => parseLsn(row.lsn),
      () => null,
    );
    const at = Date.now();
    let replica: ReplicaProbe["replica"];
    try {
      const [row] = await within(
        this.replica.$queryRaw<
          Array<{ recovery: boolean; replay: string | null }>
        >`SELECT pg_is_in_recovery() AS recovery, pg_last_wal_replay_lsn()::text AS replay`,
        timeoutMs,
      );
      replica = { ok: true, inRecovery: row.recovery, replayLsn: row.replay === null ? null : parseLsn(row.replay) };
    } catch (err) {
      replica = { ok: false, error: reasonOf(err) };
    }
    if (primaryLsn !== null) this.samples.push({ at, lsn: primaryLsn });
    this.samples = trimSamples(this.samples, at, Math.max(60_000, 2 * maxLagMs));
    this.transition(decideReplicaState({ at, primaryLsn, replica }, this.samples, maxLagMs));
  }

  private transition(next: ReplicaState): void {
    const was = this.current;
    this.current = next;
    if (was.serving === next.serving && was.up === next.up) return;
    const fields = { event: "read_replica.changed", up: next.up, serving: next.serving, lagMs: next.lagMs, reason: next.reason || undefined };
    if (next.serving) logger.info(fields, "reads go to the replica");
    else logger.warn(fields, "reads fall back to the primary");
  }
}
