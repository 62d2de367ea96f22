"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";
import { SensorStatusBadge } from "@/components/sensors/sensor-status-badge";
import { useTRPC } from "@/app/_lib/trpc";
import { RegisterSensorForm } from "./register-sensor-form";
import type { SensorFilter as Filter } from "./sensor-filter";
import { Time } from "@/components/ui/time";

const filterKeys = ["infraType", "region", "status", "search"] as const;

export function SensorsBoard({ canRegister, initialFilter = {} }: { canRegister: boolean; initialFilter?: Filter }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const [filter, setFilter] = useState<Filter>(initialFilter);
  const sensors = useInfiniteQuery(
    trpc.sensors.list.infiniteQueryOptions({ ...filter, limit: 100 }, { getNextPageParam: (p) => p.nextCursor ?? undefined, refetchInterval: 15_000 }),
  );
  const pages = sensors.data?.pages ?? [];
  const rows = pages.flatMap((p) => p.sensors);
  const facets = pages[0]?.facets;
  const set = (key: keyof Filter, value: string) => {
    const next = { ...filter, [key]: value || undefined };
    setFilter(next);
    // The URL keeps the view: a copied link, the back button and the Overview's grid open the same list.
    const query = new URLSearchParams(filterKeys.flatMap((k) => (next[k] ? [[k, next[k] as string]] : [])));
    router.replace(query.size ? `${pathname}?${query}` : pathname, { scroll: false });
  };

  return (
    <>
      <h1>Sensors</h1>
      <div className="panel form-row" role="search" aria-label="Filter sensors">
        <label className="field">Type
          <select value={filter.infraType ?? ""} onChange={(e) => set("infraType", e.target.value)}>
            <option value="">any</option>
            {facets?.infraTypes.map((t) => <option key={t}>{t}</option>)}
          </select>
        </label>
        <label className="field">Region
          <select value={filter.region ?? ""} onChange={(e) => set("region", e.target.value)}>
            <option value="">any</option>
            {facets?.regions.map((r) => <option key={r}>{r}</option>)}
          </select>
        </label>
        <label className="field">Status
          <select value={filter.status ?? ""} onChange={(e) => set("status", e.target.value)}>
            <option value="">any</option><option>OK</option><option>LATE</option><option>SILENT</option>
          </select>
        </label>
        <label className="field">Search<input type="search" placeholder="key, name or site" value={filter.search ?? ""} onChange={(e) => set("search", e.target.value)} /></label>
      </div>
      {canRegister && <RegisterSensorForm />}
      <section className="panel">
        <p className="muted" data-testid="sensor-count">{pages[0] ? `${pages[0].total.toLocaleString()} sensors` : "Loading…"}</p>
        <table className="data" data-testid="sensors-table">
          <thead><tr><th>Sensor</th><th>Type</th><th>Region</th><th>Quantity</th><th>Last reading</th><th>Age</th><th>Status</th></tr></thead>
          <tbody>
            {rows.map((s) => (
              <tr key={s.key} data-testid={`sensor-${s.key}`}>
                <td><Link href={`/sensors/${encodeURIComponent(s.key)}`} className="mono">{s.key}</Link><div className="muted">{s.name}</div></td>
                <td>{s.infraType}</td>
                <td>{s.region}</td>
                <td>{s.quantity}</td>
                <td className="mono">{s.lastValueFlagged ? <span className="muted">flagged</span> : s.lastValue === null ? "—" : `${s.lastValue.toLocaleString()} ${s.unit}`}</td>
                <td className="muted"><Time value={s.lastReadingAt} relative empty="never" /></td>
                <td><SensorStatusBadge status={s.status} /></td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 && !sensors.isLoading && <p className="muted">No sensors match.</p>}
        {sensors.hasNextPage && <button type="button" onClick={() => sensors.fetchNextPage()}>Load more</button>}
      </section>
    </>
  );
}
