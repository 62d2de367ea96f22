"use client";

import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { useQueryStates } from "nuqs";
import { MuteBadge } from "@/components/notifications/mute-badge";
import { DataTable } from "@/components/ui/data-table";
import { FormError } from "@/components/ui/form-error";
import { StatusBadge } from "@/components/ui/status-badge";
import { useLiveEvent } from "@/app/_lib/live";
import { errorMessage, useTRPC, type RouterOutputs } from "@/app/_lib/trpc";
import { Time } from "@/components/ui/time";
import { viewQuery } from "@/components/ui/url-state";
import { alertViewParams } from "./alert-view";
import { FilterSelect } from "@/components/ui/filter-select";

type Incident = RouterOutputs["alerts"]["list"]["incidents"][number];
type FilterKey = "status" | "severity" | "region" | "infraType" | "sensorKey";

export function AlertsBoard({ canAct }: { canAct: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [view, setView] = useQueryStates(alertViewParams, { history: "replace", clearOnDefault: true });
  const query = {
    status: view.status === "any" ? undefined : view.status,
    severity: view.severity ?? undefined,
    region: view.region ?? undefined,
    infraType: view.infraType ?? undefined,
    sensorKey: view.sensorKey ?? undefined,
    sort: view.sort,
    dir: view.dir,
  };
  const incidents = useInfiniteQuery(
    trpc.alerts.list.infiniteQueryOptions({ ...query, limit: 50 }, { getNextPageParam: (p) => p.nextCursor ?? undefined, placeholderData: keepPreviousData }),
  );
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.alerts.list.pathKey() });
  useLiveEvent("alerts", "alert:new", () => void refresh());
  useLiveEvent("alerts", "alert:status", () => void refresh());
  const acknowledge = useMutation(trpc.alerts.acknowledge.mutationOptions({ onSuccess: refresh }));
  const resolve = useMutation(trpc.alerts.resolve.mutationOptions({ onSuccess: refresh }));
  const stats = useQuery(trpc.alerts.labelStats.queryOptions());
  const label = useMutation(
    trpc.alerts.label.mutationOptions({
      onSuccess: () => Promise.all([refresh(), queryClient.invalidateQueries({ queryKey: trpc.alerts.labelStats.queryKey() })]),
    }),
  );
  const rows = incidents.data?.pages.flatMap((p) => p.incidents) ?? [];
  const silenced = useQuery(
    trpc.notifications.silenced.queryOptions({ ids: rows.slice(0, 200).map((i) => i.id) }, { enabled: rows.length > 0, refetchInterval: 15_000 }),
  );
  const silence = useMutation(
    trpc.notifications.silenceIncident.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.notifications.silenced.pathKey() }) }),
  );
  const set = (key: FilterKey, value: string) => void setView({ [key]: value || null });

  const columns: Array<ColumnDef<Incident, unknown>> = [
    {
      id: "severity",
      header: "Severity",
      cell: ({ row: { original: i } }) => <StatusBadge tone={i.severity === "critical" ? "bad" : "warn"}>{i.severity}</StatusBadge>,
    },
    {
      id: "sensor",
      header: "Sensor",
      cell: ({ row: { original: i } }) => (
        <span className="mono">
          {i.sensorKey}
          <div className="muted">{[i.infraType, i.region].filter(Boolean).join(" · ")}</div>
        </span>
      ),
    },
    { id: "what", header: "What", cell: ({ row: { original: i } }) => i.alerts[0]?.message },
    { id: "detectors", header: "Detectors", cell: ({ row: { original: i } }) => <span className="mono">{i.detectors.join(", ")}</span> },
    { id: "alerts", header: "Alerts", cell: ({ row: { original: i } }) => i._count.alerts },
    {
      id: "openedAt",
      header: "Opened",
      enableSorting: true,
      sortDescFirst: true,
      cell: ({ row: { original: i } }) => (
        <span className="muted">
          <Time value={i.openedAt} relative />
        </span>
      ),
    },
    {
      id: "lastSeenAt",
      header: "Last seen",
      enableSorting: true,
      sortDescFirst: true,
      cell: ({ row: { original: i } }) => (
        <span className="muted">
          <Time value={i.lastSeenAt} relative />
        </span>
      ),
    },
    {
      id: "status",
      header: "Status",
      cell: ({ row: { original: i } }) => (
        <>
          <StatusBadge tone={i.status === "resolved" ? "ok" : i.status === "acknowledged" ? "neutral" : "bad"}>{i.status}</StatusBadge>
          {silenced.data?.[i.id] && <MuteBadge mute={silenced.data[i.id]} />}
        </>
      ),
    },
    {
      id: "label",
      header: "Label",
      cell: ({ row: { original: i } }) => (
        <>
          {i.label ? (
            <StatusBadge tone={i.label === "real" ? "bad" : "ok"}>{i.label === "real" ? "real" : "not an anomaly"}</StatusBadge>
          ) : (
            <span className="muted">—</span>
          )}
          {canAct && (
            <div role="group" aria-label="Label incident">
              <button type="button" aria-pressed={i.label === "real"} onClick={() => label.mutate({ id: i.id, label: i.label === "real" ? null : "real" })}>
                Real
              </button>{" "}
              <button
                type="button"
                aria-pressed={i.label === "not_anomaly"}
                onClick={() => label.mutate({ id: i.id, label: i.label === "not_anomaly" ? null : "not_anomaly" })}
              >
                Not an anomaly
              </button>
            </div>
          )}
        </>
      ),
    },
    ...(canAct
      ? [
          {
            id: "actions",
            header: () => <span className="visually-hidden">Actions</span>,
            cell: ({ row: { original: i } }) => (
              <>
                {i.status === "open" && (
                  <button type="button" onClick={() => acknowledge.mutate({ id: i.id })}>
                    Acknowledge
                  </button>
                )}{" "}
                {i.status !== "resolved" && (
                  <button type="button" onClick={() => resolve.mutate({ id: i.id })}>
                    Resolve
                  </button>
                )}{" "}
                {i.status !== "resolved" && (silenced.data?.[i.id]?.kind ?? "quiet_hours") === "quiet_hours" && (
                  <button type="button" onClick={() => silence.mutate({ incidentId: i.id, hours: 4, comment: "silenced from the incident" })}>
                    Silence 4 h
                  </button>
                )}
              </>
            ),
          } satisfies ColumnDef<Incident, unknown>,
        ]
      : []),
  ];

  return (
    <>
      <h1>Alerts</h1>
      <div className="panel form-row" role="search" aria-label="Filter alerts">
        <label className="field">
          Status
          <select value={view.status} onChange={(e) => set("status", e.target.value)}>
            <option value="any">any</option>
            <option>open</option>
            <option>acknowledged</option>
            <option>resolved</option>
          </select>
        </label>
        <FilterSelect label="Severity" value={view.severity} options={["critical", "warning"]} onChange={(v) => set("severity", v)} />
        <label className="field">
          Region
          <input value={view.region ?? ""} onChange={(e) => set("region", e.target.value)} />
        </label>
        <label className="field">
          Type
          <input value={view.infraType ?? ""} onChange={(e) => set("infraType", e.target.value)} />
        </label>
        <label className="field">
          Sensor
          <input value={view.sensorKey ?? ""} onChange={(e) => set("sensorKey", e.target.value)} />
        </label>
      </div>
      <FormError
        message={
          (acknowledge.error ?? resolve.error ?? silence.error ?? label.error) &&
          errorMessage(acknowledge.error ?? resolve.error ?? silence.error ?? label.error)
        }
      />
      <section className="panel">
        <DataTable
          rows={rows}
          columns={columns}
          rowId={(i) => i.id}
          rowTestId={(i) => `incident-${i.sensorKey}`}
          label="Alert incidents"
          testId="alerts-table"
          sort={{ id: view.sort, desc: view.dir === "desc" }}
          onSortChange={(o) => void setView({ sort: o.id as typeof view.sort, dir: o.desc ? "desc" : "asc" })}
          more={{ hasMore: incidents.hasNextPage, loading: incidents.isFetchingNextPage, load: () => void incidents.fetchNextPage() }}
          csvHref={`/api/alerts/export${viewQuery(query)}`}
        />
        {rows.length === 0 && !incidents.isLoading && <p className="muted">No alerts match.</p>}
      </section>
      <section className="panel" aria-label="Labelled incidents">
        <h2>Labelled incidents</h2>
        <p className="muted">Precision = incidents staff marked real / all they labelled, per detector that alerted in them and per profile of their sensor.</p>
        {stats.data && stats.data.labelled > 0 ? (
          <table className="data" data-testid="label-stats">
            <thead>
              <tr>
                <th>By</th>
                <th>Real</th>
                <th>Not an anomaly</th>
                <th>Precision</th>
              </tr>
            </thead>
            <tbody>
              {[
                ["all", stats.data.overall] as const,
                ...Object.entries(stats.data.byDetector).map(([d, p]) => [`detector ${d}`, p] as const),
                ...Object.entries(stats.data.byProfile).map(([d, p]) => [`profile ${d}`, p] as const),
              ].map(([name, p]) => (
                <tr key={name} data-testid={`label-stats-${name.replace(" ", "-")}`}>
                  <td className="mono">{name}</td>
                  <td>{p.real}</td>
                  <td>{p.notAnomaly}</td>
                  <td>{p.precision === null ? "—" : `${Math.round(p.precision * 100)} %`}</td>
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
