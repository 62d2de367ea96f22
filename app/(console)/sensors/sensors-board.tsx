"use client";

import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { useState } from "react";
import { useQueryStates } from "nuqs";
import { SensorStatusBadge } from "@/components/sensors/sensor-status-badge";
import { DataTable } from "@/components/ui/data-table";
import { Time } from "@/components/ui/time";
import { viewQuery } from "@/components/ui/url-state";
import { useTRPC, type RouterOutputs } from "@/app/_lib/trpc";
import { RegisterSensorForm } from "./register-sensor-form";
import { SENSOR_PAGE_SIZE, sensorListQuery, sensorViewParams } from "./sensor-view";
import { FilterSelect } from "@/components/ui/filter-select";

type SensorPage = RouterOutputs["sensors"]["list"];
type SensorRow = SensorPage["sensors"][number];

const columns: Array<ColumnDef<SensorRow, unknown>> = [
  {
    id: "key",
    header: "Sensor",
    enableSorting: true,
    cell: ({ row: { original: s } }) => (
      <>
        <Link href={`/sensors/${encodeURIComponent(s.key)}`} className="mono">
          {s.key}
        </Link>
        <div className="muted">{s.name}</div>
      </>
    ),
  },
  { id: "infraType", header: "Type", enableSorting: true, cell: ({ row }) => row.original.infraType },
  { id: "region", header: "Region", enableSorting: true, cell: ({ row }) => row.original.region },
  { id: "quantity", header: "Quantity", enableSorting: true, cell: ({ row }) => row.original.quantity },
  {
    id: "lastValue",
    header: "Last reading",
    cell: ({ row: { original: s } }) => (
      <span className="mono">
        {s.lastValueFlagged ? <span className="muted">flagged</span> : s.lastValue === null ? "—" : `${s.lastValue.toLocaleString()} ${s.unit}`}
      </span>
    ),
  },
  {
    id: "lastReadingAt",
    header: "Age",
    enableSorting: true,
    sortDescFirst: true,
    cell: ({ row }) => (
      <span className="muted">
        <Time value={row.original.lastReadingAt} relative empty="never" />
      </span>
    ),
  },
  { id: "status", header: "Status", cell: ({ row }) => <SensorStatusBadge status={row.original.status} /> },
];

/** `initial` is the server-rendered first page of the view in the URL; the query takes over from it. */
export function SensorsBoard({ canRegister, initial }: { canRegister: boolean; initial?: SensorPage }) {
  const trpc = useTRPC();
  const [view, setView] = useQueryStates(sensorViewParams, { history: "replace", clearOnDefault: true });
  const query = sensorListQuery(view);
  // The server's page belongs to the view it was rendered for; another filter must not start from it.
  const [initialView] = useState(() => JSON.stringify(query));
  const initialData = initial && JSON.stringify(query) === initialView ? { pages: [initial], pageParams: [null] } : undefined;
  const sensors = useInfiniteQuery({
    ...trpc.sensors.list.infiniteQueryOptions(
      { ...query, limit: SENSOR_PAGE_SIZE },
      { getNextPageParam: (p) => p.nextCursor ?? undefined, refetchInterval: 15_000, placeholderData: keepPreviousData },
    ),
    initialData,
  });
  const pages = sensors.data?.pages ?? [];
  const rows = pages.flatMap((p) => p.sensors);
  const facets = pages[0]?.facets;
  const set = (key: "infraType" | "region" | "status" | "search", value: string) => void setView({ [key]: value || null });

  return (
    <>
      <h1>Sensors</h1>
      <div className="panel form-row" role="search" aria-label="Filter sensors">
        <FilterSelect label="Type" value={view.infraType} options={facets?.infraTypes} onChange={(v) => set("infraType", v)} />
        <FilterSelect label="Region" value={view.region} options={facets?.regions} onChange={(v) => set("region", v)} />
        <FilterSelect label="Status" value={view.status} options={["OK", "LATE", "SILENT"]} onChange={(v) => set("status", v)} />
        <label className="field">
          Search
          <input type="search" placeholder="key, name or site" value={view.search ?? ""} onChange={(e) => set("search", e.target.value)} />
        </label>
      </div>
      {canRegister && <RegisterSensorForm />}
      <section className="panel">
        <p className="muted" data-testid="sensor-count">
          {pages[0] ? `${pages[0].total.toLocaleString()} sensors` : "Loading…"}
        </p>
        <DataTable
          rows={rows}
          columns={columns}
          rowId={(s) => s.key}
          rowTestId={(s) => `sensor-${s.key}`}
          label="Sensors"
          testId="sensors-table"
          sort={{ id: view.sort, desc: view.dir === "desc" }}
          onSortChange={(s) => void setView({ sort: s.id as typeof view.sort, dir: s.desc ? "desc" : "asc" })}
          total={pages[0]?.total}
          more={{ hasMore: sensors.hasNextPage, loading: sensors.isFetchingNextPage, load: () => void sensors.fetchNextPage() }}
          csvHref={`/api/sensors/export${viewQuery(query)}`}
        />
        {rows.length === 0 && !sensors.isLoading && <p className="muted">No sensors match.</p>}
      </section>
    </>
  );
}
