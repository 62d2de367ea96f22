"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { HeatLegend, HeatStrip } from "@/components/coverage/heat-strip";
import { useTRPC } from "@/app/_lib/trpc";
import { BackfillForm, type BackfillTarget } from "./backfill-form";
import { BackfillsTable, type BackfillRow } from "./backfills-table";

const HOUR = 3_600_000;
const periods = { "24 h": 1, "2 days": 2, "7 days": 7, "31 days": 31 } as const;
type Period = keyof typeof periods;

export function CoverageBoard({ canFill }: { canFill: boolean }) {
  const trpc = useTRPC();
  const [period, setPeriod] = useState<Period>("2 days");
  const [fill, setFill] = useState<BackfillTarget | null>(null);
  const [started, setStarted] = useState<string | null>(null);
  // One range per period choice (to the next hour), so polling asks for the same strips.
  const range = useMemo(() => {
    const to = Math.ceil(Date.now() / HOUR) * HOUR;
    return { from: to - periods[period] * 24 * HOUR, to };
  }, [period]);
  const backfills = useQuery({
    ...trpc.coverage.backfills.queryOptions(undefined, {
      refetchInterval: (q) => (q.state.data?.some((b) => b.status === "running" || b.status === "queued") ? 2_000 : 10_000),
    }),
    enabled: canFill,
  });
  const busy = backfills.data?.some((b) => b.status === "running" || b.status === "queued");
  const overview = useQuery(
    trpc.coverage.overview.queryOptions({ from: new Date(range.from), to: new Date(range.to) }, { refetchInterval: busy ? 2_000 : 10_000 }),
  );
  const scopes = overview.data?.scanScopes ?? [];

  return (
    <>
      <h1>Coverage</h1>
      <p className="muted">
        Which hours each anomaly scan has judged and each report group has built, from which readings. Late readings, imports, flags and calibrations make their
        hours stale; a worker queues a backfill for stale and missing hours within a minute.
      </p>
      <section className="panel">
        <div className="form-row">
          {(Object.keys(periods) as Period[]).map((p) => (
            <button key={p} type="button" aria-pressed={p === period} className={p === period ? "primary" : ""} onClick={() => setPeriod(p)}>
              {p}
            </button>
          ))}
        </div>
        <HeatLegend />
        {overview.data && (
          <table className="data" data-testid="coverage-strips">
            <thead>
              <tr>
                <th>Scope</th>
                <th>Hours</th>
                <th>Covered / stale / missing</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              {overview.data.strips.map((s) => (
                <tr key={`${s.kind}:${s.scope}`} data-testid={`strip-${s.kind}-${s.scope}`}>
                  <td>
                    {s.kind === "scan" ? "Scan" : "Reports"}: {s.label}
                    {s.kind === "scan" && s.label !== s.scope && <div className="muted">{s.scope}</div>}
                  </td>
                  <td>
                    <HeatStrip from={overview.data.from} bucketMs={overview.data.bucketMs} cells={s.cells} testId={`heat-${s.kind}-${s.scope}`} />
                  </td>
                  <td data-testid="strip-counts">
                    {s.counts.covered} / {s.counts.stale} / {s.counts.missing}
                    {s.counts.in_progress ? `, ${s.counts.in_progress} in progress` : ""}
                  </td>
                  <td>
                    {canFill && s.counts.stale + s.counts.missing + s.counts.outdated > 0 && (
                      <button
                        type="button"
                        onClick={() => {
                          setStarted(null);
                          setFill({
                            kind: s.kind,
                            scope: s.kind === "scan" ? s.scope : "*",
                            from: range.from,
                            to: range.to,
                            onlyStale: s.counts.outdated === 0,
                          });
                        }}
                      >
                        Fill
                      </button>
                    )}
                  </td>
                </tr>
              ))}
              {overview.data.strips.length === 0 && (
                <tr>
                  <td colSpan={4} className="muted">
                    No scan scopes or report groups yet.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        )}
      </section>
      {canFill && (
        <section className="panel">
          <h2>Backfill</h2>
          <BackfillForm
            key={fill ? `${fill.kind}:${fill.scope}:${fill.from}` : `manual:${scopes[0]?.scope ?? ""}`}
            scopes={scopes}
            initial={
              fill ?? { kind: scopes.length ? "scan" : "report", scope: scopes[0]?.scope ?? "*", from: range.to - 24 * HOUR, to: range.to, onlyStale: false }
            }
            onStarted={(message) => {
              setStarted(message);
              setFill(null);
              void backfills.refetch();
              void overview.refetch();
            }}
          />
          {started && (
            <p className="notice" role="status" data-testid="backfill-started">
              {started}
            </p>
          )}
          <h2>Backfills</h2>
          <BackfillsTable rows={(backfills.data ?? []) as BackfillRow[]} canFill={canFill} onChanged={() => void backfills.refetch()} />
        </section>
      )}
    </>
  );
}
