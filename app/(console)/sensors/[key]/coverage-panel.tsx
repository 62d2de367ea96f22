"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/app/_lib/trpc";

/** This sensor's share of the coverage ledger: hours per state, over the last week, for each scan holding it and its report group. */
export function CoveragePanel({ sensorKey, refreshKey }: { sensorKey: string; refreshKey: number }) {
  const trpc = useTRPC();
  const coverage = useQuery(trpc.coverage.sensor.queryOptions({ key: sensorKey, days: 7 }, { refetchInterval: 30_000 }));
  return (
    <section className="panel" data-testid="sensor-coverage" data-refresh={refreshKey}>
      <h2>Coverage, last 7 days</h2>
      <table className="data">
        <thead>
          <tr>
            <th>Judged by</th>
            <th>Covered</th>
            <th>Stale</th>
            <th>Missing</th>
            <th>In progress</th>
          </tr>
        </thead>
        <tbody>
          {coverage.data?.map((c) => (
            <tr key={`${c.kind}:${c.scope}`} data-testid={`sensor-coverage-${c.kind}`}>
              <td>{c.kind === "scan" ? `Scan: ${c.label}` : `Reports: ${c.scope}`}</td>
              <td>{c.covered} h</td>
              <td>{c.stale} h</td>
              <td>{c.missing} h</td>
              <td>{c.inProgress} h</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        <Link href="/coverage">All coverage</Link>
      </p>
    </section>
  );
}
