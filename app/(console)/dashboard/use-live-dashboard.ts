"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import type { AlertFeedItem } from "@/components/alerts/alert-feed";
import type { WorkerState } from "@/server/fleet/list-workers";
import type { QueueDepth } from "@/server/queues/get-queue-depths";
import { useLiveEvent } from "@/app/_lib/live";
import { useTRPC } from "@/app/_lib/trpc";

interface SeriesDelta {
  completed: number;
  failed: number;
}

/** History from tRPC, brought up to the second by the live channel. */
export function useLiveDashboard() {
  const trpc = useTRPC();
  const workersQuery = useQuery(trpc.telemetry.workers.queryOptions());
  const depthsQuery = useQuery(trpc.telemetry.queueDepths.queryOptions());
  const history = useQuery({ ...trpc.telemetry.throughput.queryOptions({ minutes: 60 }), refetchInterval: 60_000 });
  const slas = useQuery({ ...trpc.telemetry.slaBreaches.queryOptions({ minutes: 60 }), refetchInterval: 60_000 });

  const [workers, setWorkers] = useState<WorkerState[] | undefined>();
  const [depths, setDepths] = useState<QueueDepth[] | undefined>();
  const [alerts, setAlerts] = useState<AlertFeedItem[]>([]);
  const [recovered, setRecovered] = useState<Array<{ queue: string; jobId: string; at: string }>>([]);
  // Jobs finished this minute (not yet in the minute history), keyed by the minute they belong to.
  const [liveMinute, setLiveMinute] = useState<{ minute: number; completed: number; failed: number }>({ minute: 0, completed: 0, failed: 0 });

  useLiveEvent<WorkerState[]>("workers", "fleet", setWorkers);
  useLiveEvent<{ queue: string; jobId: string; at: string }>("workers", "job:recovered", (r) => setRecovered((all) => [r, ...all].slice(0, 20)));
  useLiveEvent<QueueDepth[]>("queues", "queues:depth", setDepths);
  useLiveEvent<AlertFeedItem>("alerts", "alert:new", (alert) => setAlerts((all) => [alert, ...all.filter((a) => a.id !== alert.id)].slice(0, 50)));
  useLiveEvent<{ at: number; series: SeriesDelta[] }>("telemetry", "jobs:delta", (delta) => {
    const minute = Math.floor(delta.at / 60_000) * 60_000;
    const completed = delta.series.reduce((n, s) => n + s.completed, 0);
    const failed = delta.series.reduce((n, s) => n + s.failed, 0);
    setLiveMinute((current) =>
      current.minute === minute ? { minute, completed: current.completed + completed, failed: current.failed + failed } : { minute, completed, failed },
    );
  });

  // When the minute history catches up, the live counter of an older minute is no longer needed.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when a new minute history arrives, which is what makes the live counter obsolete
  useEffect(() => {
    if (liveMinute.minute && liveMinute.minute < Math.floor(Date.now() / 60_000) * 60_000 - 120_000) setLiveMinute({ minute: 0, completed: 0, failed: 0 });
  }, [history.data, liveMinute.minute]);

  const throughput = useMemo(() => {
    const points = (history.data?.points ?? []).map((p) => ({ ...p }));
    if (liveMinute.minute) {
      const iso = new Date(liveMinute.minute).toISOString();
      const existing = points.find((p) => p.minute === iso);
      if (existing) {
        existing.completed = Math.max(existing.completed, liveMinute.completed);
        existing.failed = Math.max(existing.failed, liveMinute.failed);
      } else points.push({ minute: iso, completed: liveMinute.completed, failed: liveMinute.failed, records: 0 });
    }
    return points;
  }, [history.data, liveMinute]);

  return {
    workers: workers ?? workersQuery.data ?? [],
    depths: depths ?? depthsQuery.data ?? [],
    throughput,
    series: history.data?.series ?? [],
    slaBreaches: slas.data?.points ?? [],
    completionClasses: slas.data?.classes ?? [],
    alerts,
    recovered,
    finishedThisMinute: liveMinute.completed,
  };
}
