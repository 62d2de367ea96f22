"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { DependencyTiles } from "@/components/health/dependency-tiles";
import { WorkerTable } from "@/components/health/worker-table";
import { OverviewTiles } from "@/components/overview/overview-tiles";
import { SensorHealthGrid } from "@/components/overview/sensor-health-grid";
import { LiveBadge } from "@/components/shell/live-badge";
import type { WorkerState } from "@/server/fleet/list-workers";
import type { Overview } from "@/server/overview/get-overview";
import { useLiveEvent, useLiveStatus } from "../_lib/live";
import { useTRPC } from "../_lib/trpc";

/** Staff only (the workers topic is staff's): the fleet as each web process pushes it, every half heartbeat. */
function FleetSubscriber({ onFleet }: { onFleet: (workers: WorkerState[]) => void }) {
  useLiveEvent<WorkerState[]>("workers", "fleet", onFleet);
  return null;
}

export function OverviewBoard({ initial, isStaff }: { initial: Overview; isStaff: boolean }) {
  const trpc = useTRPC();
  const overview = useQuery({ ...trpc.overview.get.queryOptions(), initialData: initial, refetchInterval: 5_000 }).data;
  const health = useQuery({ ...trpc.system.health.queryOptions(), refetchInterval: 10_000 });
  const status = useLiveStatus();
  const [liveWorkers, setLiveWorkers] = useState<WorkerState[] | null>(null);
  // Until the first live event, the fleet read from Redis heartbeats when the page was rendered (or last refetched).
  const workers = liveWorkers ?? overview.workers.workers;

  return (
    <>
      {isStaff && <FleetSubscriber onFleet={setLiveWorkers} />}
      <div className="topbar">
        <h1>Overview</h1>
        <LiveBadge status={status} />
      </div>
      <OverviewTiles
        overview={overview}
        isStaff={isStaff}
        workersRunning={workers ? workers.filter((w) => w.status === "running").length : overview.workers.running}
      />
      <section className="panel" aria-labelledby="sensor-grid-heading">
        <h2 id="sensor-grid-heading">Sensors by region and type</h2>
        <SensorHealthGrid grid={overview.sensors} />
      </section>
      {isStaff && (
        <section className="panel" aria-labelledby="workers-heading">
          <h2 id="workers-heading">Workers</h2>
          <WorkerTable workers={(workers ?? []).filter((w) => w.status !== "stopping" || Date.now() - Date.parse(w.at) < 15_000)} />
        </section>
      )}
      <section className="panel" aria-labelledby="deps-heading">
        <h2 id="deps-heading">Dependencies</h2>
        {health.data ? (
          <DependencyTiles dependencies={Object.entries(health.data.dependencies).map(([name, dep]) => ({ name, ...dep }))} />
        ) : (
          <p className="muted">{health.error ? health.error.message : "Checking…"}</p>
        )}
      </section>
    </>
  );
}
