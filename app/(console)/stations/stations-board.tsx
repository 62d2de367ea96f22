"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { FormError } from "@/components/ui/form-error";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";
import { stationTypes } from "@/server/stations/station-types";
import { Task43Import } from "./task43-import";

const optionalNumber = (v: FormDataEntryValue | null) => (v === null || v === "" ? null : Number(v));

/** Measurement stations (masts, lidars, solar, plants, water stations) with their loggers and point counts. */
export function StationsBoard({ canCreate }: { canCreate: boolean }) {
  const trpc = useTRPC();
  const stations = useQuery(trpc.stations.list.queryOptions());
  return (
    <>
      <div className="topbar">
        <h1>Stations</h1>
      </div>
      {canCreate && <CreateStationForm />}
      {canCreate && <Task43Import />}
      <section className="panel">
        <FormError message={stations.error && errorMessage(stations.error)} />
        <table className="data" data-testid="stations-table">
          <thead>
            <tr>
              <th>Station</th>
              <th>Type</th>
              <th>Position</th>
              <th>Time zone</th>
              <th>Loggers</th>
              <th>Points</th>
            </tr>
          </thead>
          <tbody>
            {stations.data?.map((s) => (
              <tr key={s.id} data-testid={`station-${s.slug}`}>
                <td>
                  <Link href={`/stations/${s.id}`}>{s.name}</Link>
                </td>
                <td>{s.type}</td>
                <td className="muted">
                  {s.latitude !== null && s.longitude !== null ? `${s.latitude}, ${s.longitude}` : "—"}
                  {s.elevationM !== null ? ` · ${s.elevationM} m` : ""}
                </td>
                <td>{s.timeZone}</td>
                <td>{s.loggers.map((l) => `${l.make} ${l.serial}`).join(", ") || "—"}</td>
                <td>{s._count.points}</td>
              </tr>
            ))}
            {stations.data?.length === 0 && (
              <tr>
                <td colSpan={6} className="muted">
                  No stations yet.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </section>
    </>
  );
}

function CreateStationForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const create = useMutation(
    trpc.stations.create.mutationOptions({
      onSuccess: async (station) => {
        await queryClient.invalidateQueries({ queryKey: trpc.stations.list.pathKey() });
        router.push(`/stations/${station.id}`);
      },
    }),
  );
  const submit = (form: FormData) => {
    const text = (name: string) => String(form.get(name) ?? "").trim();
    create.mutate({
      name: text("name"),
      type: text("type") as (typeof stationTypes)[number],
      timeZone: text("timeZone") || "UTC",
      region: text("region") || "default",
      latitude: optionalNumber(form.get("latitude")),
      longitude: optionalNumber(form.get("longitude")),
      elevationM: optionalNumber(form.get("elevationM")),
    });
  };
  return (
    <details className="panel">
      <summary>Add a station</summary>
      <form action={submit} className="form-row" aria-label="Add a station">
        <label className="field">
          Station name
          <input name="name" required maxLength={100} />
        </label>
        <label className="field">
          Type
          <select name="type" defaultValue="mast">
            {stationTypes.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Latitude
          <input name="latitude" type="number" step="any" min={-90} max={90} />
        </label>
        <label className="field">
          Longitude
          <input name="longitude" type="number" step="any" min={-180} max={180} />
        </label>
        <label className="field">
          Elevation (m)
          <input name="elevationM" type="number" step="any" />
        </label>
        <label className="field">
          Station time zone
          <input name="timeZone" defaultValue="UTC" maxLength={64} />
        </label>
        <label className="field">
          Region
          <input name="region" defaultValue="default" maxLength={100} />
        </label>
        <button className="primary" type="submit" disabled={create.isPending}>
          Add station
        </button>
      </form>
      <FormError message={create.error && errorMessage(create.error)} />
    </details>
  );
}
