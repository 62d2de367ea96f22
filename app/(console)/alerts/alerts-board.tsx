"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { MuteBadge } from "@/components/notifications/mute-badge";
import { FormError } from "@/components/ui/form-error";
import { StatusBadge } from "@/components/ui/status-badge";
import { useLiveEvent } from "@/app/_lib/live";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";
import { Time } from "@/components/ui/time";

type Filter = { severity?: "warning" | "critical"; status?: "open" | "acknowledged" | "resolved"; region?: string; infraType?: string; sensorKey?: string };

export function AlertsBoard({ canAct }: { canAct: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<Filter>({ status: "open" });
  const incidents = useInfiniteQuery(trpc.alerts.list.infiniteQueryOptions({ ...filter, limit: 50 }, { getNextPageParam: (p) => p.nextCursor ?? undefined }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.alerts.list.pathKey() });
  useLiveEvent("alerts", "alert:new", () => void refresh());
  useLiveEvent("alerts", "alert:status", () => void refresh());
  const acknowledge = useMutation(trpc.alerts.acknowledge.mutationOptions({ onSuccess: refresh }));
  const resolve = useMutation(trpc.alerts.resolve.mutationOptions({ onSuccess: refresh }));
  const stats = useQuery(trpc.alerts.labelStats.queryOptions());
  const label = useMutation(
    trpc.alerts.label.mutationOptions({ onSuccess: () => Promise.all([refresh(), queryClient.invalidateQueries({ queryKey: trpc.alerts.labelStats.queryKey() })]) }),
  );
  const rows = incidents.data?.pages.flatMap((p) => p.incidents) ?? [];
  const silenced = useQuery(trpc.notifications.silenced.queryOptions({ ids: rows.slice(0, 200).map((i) => i.id) }, { enabled: rows.length > 0, refetchInterval: 15_000 }));
  const silence = useMutation(trpc.notifications.silenceIncident.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.notifications.silenced.pathKey() }) }));
  const set = (key: keyof Filter, value: string) => setFilter((f) => ({ ...f, [key]: value || undefined }));

  return (
    <>
      <h1>Alerts</h1>
      <div className="panel form-row" role="search" aria-label="Filter alerts">
        <label className="field">Status
          <select value={filter.status ?? ""} onChange={(e) => set("status", e.target.value)}>
            <option value="">any</option><option>open</option><option>acknowledged</option><option>resolved</option>
          </select>
        </label>
        <label className="field">Severity
          <select value={filter.severity ?? ""} onChange={(e) => set("severity", e.target.value)}>
            <option value="">any</option><option>critical</option><option>warning</option>
          </select>
        </label>
        <label className="field">Region<input value={filter.region ?? ""} onChange={(e) => set("region", e.target.value)} /></label>
        <label className="field">Type<input value={filter.infraType ?? ""} onChange={(e) => set("infraType", e.target.value)} /></label>
        <label className="field">Sensor<input value={filter.sensorKey ?? ""} onChange={(e) => set("sensorKey", e.target.value)} /></label>
      </div>
      <FormError message={(acknowledge.error ?? resolve.error ?? silence.error ?? label.error) && errorMessage(acknowledge.error ?? resolve.error ?? silence.error ?? label.error)} />
      <section className="panel">
        <table className="data" data-testid="alerts-table">
          <thead><tr><th>Severity</th><th>Sensor</th><th>What</th><th>Detectors</th><th>Alerts</th><th>Last seen</th><th>Status</th><th>Label</th>{canAct && <th></th>}</tr></thead>
          <tbody>
            {rows.map((i) => (
              <tr key={i.id} data-testid={`incident-${i.sensorKey}`}>
                <td><StatusBadge tone={i.severity === "critical" ? "bad" : "warn"}>{i.severity}</StatusBadge></td>
                <td className="mono">{i.sensorKey}<div className="muted">{[i.infraType, i.region].filter(Boolean).join(" · ")}</div></td>
                <td>{i.alerts[0]?.message}</td>
                <td className="mono">{i.detectors.join(", ")}</td>
                <td>{i._count.alerts}</td>
                <td className="muted"><Time value={i.lastSeenAt} relative /></td>
                <td>
                  <StatusBadge tone={i.status === "resolved" ? "ok" : i.status === "acknowledged" ? "neutral" : "bad"}>{i.status}</StatusBadge>
                  {silenced.data?.[i.id] && <MuteBadge mute={silenced.data[i.id]} />}
                </td>
                <td>
                  {i.label ? <StatusBadge tone={i.label === "real" ? "bad" : "ok"}>{i.label === "real" ? "real" : "not an anomaly"}</StatusBadge> : <span className="muted">—</span>}
                  {canAct && (
                    <div role="group" aria-label="Label incident">
                      <button type="button" aria-pressed={i.label === "real"} onClick={() => label.mutate({ id: i.id, label: i.label === "real" ? null : "real" })}>Real</button>{" "}
                      <button type="button" aria-pressed={i.label === "not_anomaly"} onClick={() => label.mutate({ id: i.id, label: i.label === "not_anomaly" ? null : "not_anomaly" })}>Not an anomaly</button>
                    </div>
                  )}
                </td>
                {canAct && (
                  <td>
                    {i.status === "open" && <button type="button" onClick={() => acknowledge.mutate({ id: i.id })}>Acknowledge</button>}{" "}
                    {i.status !== "resolved" && <button type="button" onClick={() => resolve.mutate({ id: i.id })}>Resolve</button>}{" "}
                    {i.status !== "resolved" && (silenced.data?.[i.id]?.kind ?? "quiet_hours") === "quiet_hours" && <button type="button" onClick={() => silence.mutate({ incidentId: i.id, hours: 4, comment: "silenced from the incident" })}>Silence 4 h</button>}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 && !incidents.isLoading && <p className="muted">No alerts match.</p>}
        {incidents.hasNextPage && <button type="button" onClick={() => incidents.fetchNextPage()}>Load more</button>}
      </section>
      <section className="panel" aria-label="Labelled incidents">
        <h2>Labelled incidents</h2>
        <p className="muted">Precision = incidents staff marked real / all they labelled, per detector that alerted in them and per profile of their sensor.</p>
        {stats.data && stats.data.labelled > 0 ? (
          <table className="data" data-testid="label-stats">
            <thead><tr><th>By</th><th>Real</th><th>Not an anomaly</th><th>Precision</th></tr></thead>
            <tbody>
              {[
                ["all", stats.data.overall] as const,
                ...Object.entries(stats.data.byDetector).map(([d, p]) => [`detector ${d}`, p] as const),
                ...Object.entries(stats.data.byProfile).map(([d, p]) => [`profile ${d}`, p] as const),
              ].map(([name, p]) => (
                <tr key={name} data-testid={`label-stats-${name.replace(" ", "-")}`}>
                  <td className="mono">{name}</td><td>{p.real}</td><td>{p.notAnomaly}</td><td>{p.precision === null ? "—" : `${Math.round(p.precision * 100)} %`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">No incident labelled yet.</p>
        )}
      </section>
    </>
  );
}
