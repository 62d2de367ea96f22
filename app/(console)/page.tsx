"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { DependencyTiles } from "@/components/health/dependency-tiles";
import { WorkerTable, type WorkerRow } from "@/components/health/worker-table";
import { LiveBadge } from "@/components/shell/live-badge";
import { useLiveEvent, useLiveStatus } from "../_lib/live";
import { useTRPC } from "../_lib/trpc";

export default function OverviewPage() {
  const trpc = useTRPC();
  const health = useQuery({ ...trpc.system.health.queryOptions(), refetchInterval: 10_000 });
  const status = useLiveStatus();
  const [workers, setWorkers] = useState<Record<string, WorkerRow & { at: string }>>({});
  useLiveEvent<WorkerRow & { at: string }>("workers", "worker:heartbeat", (beat) => setWorkers((all) => ({ ...all, [beat.id]: beat })));

  return (
    <>
      <div className="topbar">
        <h1>Overview</h1>
        <LiveBadge status={status} />
      </div>
      <section className="panel">
        <h2>Dependencies</h2>
        {health.data ? (
          <DependencyTiles dependencies={Object.entries(health.data.dependencies).map(([name, dep]) => ({ name, ...dep }))} />
        ) : (
          <p className="muted">{health.error ? health.error.message : "Checking…"}</p>
        )}
      </section>
      <section className="panel">
        <h2>Workers</h2>
        <WorkerTable workers={Object.values(workers).filter((w) => w.status !== "stopping" || Date.now() - Date.parse(w.at) < 15_000)} />
      </section>
    </>
  );
}
