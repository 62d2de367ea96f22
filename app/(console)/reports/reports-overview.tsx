"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { FormError } from "@/components/ui/form-error";
import { ReportTile } from "@/components/reports/report-tile";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";
import { Time } from "@/components/ui/time";

const periods = [
  { value: "5m", label: "Last 5 minutes" },
  { value: "1h", label: "Last hour" },
  { value: "1d", label: "Last day" },
] as const;
type Resolution = (typeof periods)[number]["value"];

export function ReportsOverview() {
  const trpc = useTRPC();
  const [resolution, setResolution] = useState<Resolution>("1h");
  const overview = useQuery(trpc.reports.overview.queryOptions({ resolution }, { refetchInterval: 60_000 }));
  const data = overview.data;

  return (
    <>
      <div className="topbar">
        <h1>Reports</h1>
        <label className="field">
          Period
          <select value={resolution} onChange={(e) => setResolution(e.target.value as Resolution)}>
            {periods.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <FormError message={overview.error && errorMessage(overview.error)} />
      {data?.windowStart && (
        <p className="muted" data-testid="overview-window">
          <Time value={data.windowStart} format="minute" /> – <Time value={data.windowEnd} format="minute" />
        </p>
      )}
      <div className="grid" data-testid="report-tiles">
        {data?.tiles.map((tile) => (
          <ReportTile key={`${tile.infraType}/${tile.region}`} tile={tile} />
        ))}
      </div>
      {data && data.tiles.length === 0 && <p className="muted">No reports at this resolution yet.</p>}
    </>
  );
}
