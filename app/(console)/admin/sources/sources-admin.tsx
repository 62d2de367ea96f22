"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/ui/form-error";
import { StatusBadge } from "@/components/ui/status-badge";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";
import { Time } from "@/components/ui/time";

type Policy = "refuse" | "register";

export function SourcesAdmin() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sources = useQuery(trpc.ingestSources.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.ingestSources.list.queryKey() });
  const [form, setForm] = useState<{ name: string; unknownSensors: Policy }>({ name: "", unknownSensors: "refuse" });
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [revoking, setRevoking] = useState<{ id: string; name: string } | null>(null);
  const create = useMutation(
    trpc.ingestSources.create.mutationOptions({
      onSuccess: (result) => {
        setCreated({ name: result.source.name, token: result.token });
        setForm({ name: "", unknownSensors: "refuse" });
        return refresh();
      },
    }),
  );
  const revoke = useMutation(trpc.ingestSources.revoke.mutationOptions({ onSuccess: () => (setRevoking(null), refresh()) }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setCreated(null);
    create.mutate(form);
  };
  const writeUrl = typeof window === "undefined" ? "" : window.location.origin;

  return (
    <>
      <h1>Ingest sources</h1>
      <p className="muted">
        Devices and collectors that write line protocol to <code>POST /api/v2/write</code> (InfluxDB 2.x clients, <code>Authorization: Token …</code>) or{" "}
        <code>POST /write</code> (1.x clients: the token as password). Only a hash of each token is kept.
      </p>
      <section className="panel">
        <h2>Add a source</h2>
        <form onSubmit={submit} className="form-row" aria-label="Add source">
          <label className="field">
            Source name
            <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required maxLength={100} />
          </label>
          <label className="field">
            Unknown sensors
            <select value={form.unknownSensors} onChange={(e) => setForm({ ...form, unknownSensors: e.target.value as Policy })}>
              <option value="refuse">Refuse the batch</option>
              <option value="register">Register as pending</option>
            </select>
          </label>
          <button className="primary" type="submit" disabled={create.isPending} style={{ marginBottom: 12 }}>
            Create source
          </button>
        </form>
        <FormError message={create.error && errorMessage(create.error)} />
        {created && (
          <div className="notice" role="status" data-testid="new-token-panel">
            <p>
              Token for <strong>{created.name}</strong>: copy it now, it is not shown again.
            </p>
            <code data-testid="new-token">{created.token}</code>
            <p className="muted">
              Telegraf:{" "}
              <code>
                [[outputs.influxdb_v2]] urls = [&quot;{writeUrl}&quot;] token = &quot;…&quot; organization = &quot;gristmill&quot; bucket = &quot;readings&quot;
              </code>
            </p>
          </div>
        )}
      </section>
      {revoking && (
        <div className="panel" role="dialog" aria-label="Confirm revocation">
          <h2>Revoke the token of {revoking.name}?</h2>
          <p>Its next write is refused (401). This cannot be undone; create a new source to resume.</p>
          <div className="form-row">
            <button className="primary danger" type="button" disabled={revoke.isPending} onClick={() => revoke.mutate({ id: revoking.id })}>
              Revoke token
            </button>
            <button type="button" onClick={() => setRevoking(null)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      <section className="panel">
        <FormError message={revoke.error && errorMessage(revoke.error)} />
        <table className="data" data-testid="sources-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Token</th>
              <th>Unknown sensors</th>
              <th>Created</th>
              <th>Last used</th>
              <th>Status</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {sources.data?.map((s) => (
              <tr key={s.id} data-testid={`source-row-${s.name}`}>
                <td>{s.name}</td>
                <td className="mono">{s.tokenPrefix}…</td>
                <td>{s.unknownSensors === "register" ? "register as pending" : "refuse"}</td>
                <td className="muted">
                  <Time value={s.createdAt} />
                  {s.createdBy ? ` by ${s.createdBy}` : ""}
                </td>
                <td className="muted">
                  <Time value={s.lastUsedAt} relative empty="never" />
                </td>
                <td>
                  <StatusBadge tone={s.revokedAt ? "bad" : "ok"}>{s.revokedAt ? "revoked" : "active"}</StatusBadge>
                </td>
                <td>
                  {!s.revokedAt && (
                    <button type="button" className="danger" onClick={() => setRevoking({ id: s.id, name: s.name })}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
            {sources.data?.length === 0 && (
              <tr>
                <td colSpan={7} className="muted">
                  No sources yet.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </section>
    </>
  );
}
