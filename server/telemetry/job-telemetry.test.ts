import { describe, expect, it } from "vitest";
import { JobTelemetry, sumSeries } from "./job-telemetry";
import { quantile } from "./latency-histogram";

const base = { queue: "jobs", priority: "P2", kind: "noop", waitMs: 4, runMs: 30 };

describe("job telemetry", () => {
  it("aggregates per minute and series and hands out only closed minutes", () => {
    const t = new JobTelemetry();
    const minute = Date.UTC(2026, 0, 1, 12, 0);
    t.record({ ...base, ok: true, records: 10, finishedAt: minute + 1_000 });
    t.record({ ...base, ok: false, finishedAt: minute + 2_000 });
    t.record({ ...base, ok: true, slaBreached: true, finishedAt: minute + 61_000 });

    expect(t.takeClosedMinutes(minute + 30_000)).toEqual([]);
    const closed = t.takeClosedMinutes(minute + 65_000);
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatchObject({ minute: new Date(minute), completed: 1, failed: 1, records: 10, slaBreaches: 0 });
    const rest = t.takeClosedMinutes(minute + 65_000, true);
    expect(rest).toMatchObject([{ completed: 1, slaBreaches: 1 }]);
    expect(t.takeClosedMinutes(minute + 999_999, true)).toEqual([]);
  });

  it("takes minutes back after a failed write and hands them out again, merged", () => {
    const t = new JobTelemetry();
    const minute = Date.UTC(2026, 0, 1, 12, 0);
    t.record({ ...base, ok: true, finishedAt: minute + 1_000 });
    const taken = t.takeClosedMinutes(minute + 120_000);
    t.record({ ...base, ok: false, finishedAt: minute + 2_000 });
    t.returnMinutes(taken);
    expect(t.takeClosedMinutes(minute + 120_000)).toMatchObject([{ minute: new Date(minute), completed: 1, failed: 1 }]);
  });

  it("gives the live delta since the previous call", () => {
    const t = new JobTelemetry();
    t.record({ ...base, ok: true });
    t.record({ ...base, kind: "sleep", ok: true });
    expect(
      t
        .takeLiveDelta()
        .map((s) => s.kind)
        .sort(),
    ).toEqual(["noop", "sleep"]);
    expect(t.takeLiveDelta()).toEqual([]);
  });

  it("exposes the same figures to Prometheus", async () => {
    const t = new JobTelemetry();
    t.record({ ...base, ok: true, records: 5 });
    t.record({ ...base, ok: false });
    const text = await t.registry.metrics();
    expect(text).toContain('gristmill_jobs_total{queue="jobs",kind="noop",priority="P2",outcome="completed"} 1');
    expect(text).toContain('gristmill_jobs_total{queue="jobs",kind="noop",priority="P2",outcome="failed"} 1');
    expect(text).toContain('gristmill_job_records_total{queue="jobs",kind="noop",priority="P2"} 5');
    expect(text).toContain('gristmill_job_run_seconds_count{queue="jobs",kind="noop",priority="P2"} 2');
  });

  it("sums series from several workers, histograms included", () => {
    const a = new JobTelemetry();
    const b = new JobTelemetry();
    for (let i = 0; i < 50; i++) a.record({ ...base, ok: true, runMs: 20 });
    for (let i = 0; i < 50; i++) b.record({ ...base, ok: true, runMs: 2_000 });
    const [total] = sumSeries([...a.takeLiveDelta(), ...b.takeLiveDelta()]);
    expect(total.completed).toBe(100);
    expect(quantile(total.runBuckets, 0.25)).toBeLessThanOrEqual(25);
    expect(quantile(total.runBuckets, 0.75)).toBeGreaterThan(1_000);
  });
});
