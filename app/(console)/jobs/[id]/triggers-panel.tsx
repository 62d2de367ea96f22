"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/ui/form-error";
import { StatusBadge, type Tone } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";
import { errorMessage, useTRPC, type RouterOutputs } from "@/app/_lib/trpc";

type EventInfo = RouterOutputs["triggers"]["events"][number];
type FilterSchema = { properties?: Record<string, { enum?: string[] }> };

const outcomeTone: Record<string, Tone> = { started: "ok", debounced: "neutral", waiting: "warn", dropped: "warn", invalid: "bad" };

/** "minSeverity = critical, region = north", or "all". */
const describeMap = (map: unknown, sep: string) => {
  const entries = Object.entries((map ?? {}) as Record<string, unknown>);
  return entries.length ? entries.map(([k, v]) => `${k} ${sep} ${String(v)}`).join(", ") : "–";
};

/** "param = field" lines into a mapping; a line without "=" is left for the server to refuse by name. */
function parseMapping(text: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const line of text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)) {
    const [param, field = ""] = line.split("=").map((s) => s.trim());
    map[param] = field;
  }
  return map;
}

function TriggerForm({
  definitionId,
  events,
  onCreated,
}: {
  definitionId: string;
  events: EventInfo[];
  onCreated: (created: { name: string; token: string | null; id: string }) => void;
}) {
  const trpc = useTRPC();
  const [name, setName] = useState("");
  const [event, setEvent] = useState(events[0]?.event ?? "http");
  const [filter, setFilter] = useState<Record<string, string>>({});
  const [mapping, setMapping] = useState("");
  const [debounce, setDebounce] = useState("0");
  const [key, setKey] = useState("");
  const [maxConcurrent, setMaxConcurrent] = useState("");
  const [overflow, setOverflow] = useState<"queue" | "drop">("queue");
  const info = events.find((e) => e.event === event);
  const filters = Object.entries((info?.filterSchema as FilterSchema | undefined)?.properties ?? {});
  const create = useMutation(trpc.triggers.create.mutationOptions({ onSuccess: (r) => onCreated({ name: r.trigger.name, token: r.token, id: r.trigger.id }) }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({
      definitionId,
      fields: {
        name,
        event: event as EventInfo["event"],
        filter: Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== "")),
        paramMap: parseMapping(mapping),
        debounceSeconds: Number(debounce) || 0,
        concurrencyKey: key,
        maxConcurrent: maxConcurrent === "" ? null : Number(maxConcurrent),
        overflow,
      },
    });
  };

  return (
    <form aria-label="New trigger" onSubmit={submit} className="panel">
      <h3>New trigger</h3>
      <FormError message={create.error ? errorMessage(create.error) : null} />
      <div className="form-row">
        <label className="field">
          Trigger name
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
        </label>
        <label className="field">
          Event
          <select
            value={event}
            onChange={(e) => {
              setEvent(e.target.value as EventInfo["event"]);
              setFilter({});
            }}
          >
            {events.map((e) => (
              <option key={e.event} value={e.event}>
                {e.title}
              </option>
            ))}
          </select>
        </label>
      </div>
      {filters.length > 0 && (
        <div className="form-row">
          {filters.map(([field, schema]) => (
            // biome-ignore lint/a11y/noLabelWithoutControl: the control is the select or input chosen below
            <label className="field" key={field}>
              Only {field}
              {schema.enum ? (
                <select value={filter[field] ?? ""} onChange={(e) => setFilter({ ...filter, [field]: e.target.value })}>
                  <option value="">any</option>
                  {schema.enum.map((v) => (
                    <option key={v} value={v}>
                      {v}
                    </option>
                  ))}
                </select>
              ) : (
                <input value={filter[field] ?? ""} onChange={(e) => setFilter({ ...filter, [field]: e.target.value })} maxLength={200} />
              )}
            </label>
          ))}
        </div>
      )}
      <div className="form-row">
        <label className="field">
          Parameter mapping
          <textarea value={mapping} onChange={(e) => setMapping(e.target.value)} rows={2} placeholder="parameter = field" />
          <span className="muted">{info?.fields.length ? `fields: ${info.fields.join(", ")}` : "fields: whatever the HTTP body sends"}</span>
        </label>
      </div>
      <div className="form-row">
        <label className="field">
          Debounce (seconds)
          <input type="number" min={0} max={86400} value={debounce} onChange={(e) => setDebounce(e.target.value)} />
        </label>
        <label className="field">
          Concurrency key
          <input value={key} onChange={(e) => setKey(e.target.value)} placeholder="{sensorKey}" maxLength={200} />
        </label>
        <label className="field">
          Max runs per key
          <input type="number" min={1} max={100} value={maxConcurrent} onChange={(e) => setMaxConcurrent(e.target.value)} placeholder="no limit" />
        </label>
        <label className="field">
          Over the limit
          <select value={overflow} onChange={(e) => setOverflow(e.target.value as "queue" | "drop")}>
            <option value="queue">queue (start when one finishes)</option>
            <option value="drop">drop</option>
          </select>
        </label>
      </div>
      <button type="submit" className="primary" disabled={create.isPending}>
        Create trigger
      </button>
    </form>
  );
}

/** A definition's triggers and their recent firings; OPERATOR and ADMIN manage them, ENGINEER reads. */
export function TriggersPanel({ definitionId, canEdit }: { definitionId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const events = useQuery(trpc.triggers.events.queryOptions());
  const triggers = useQuery(trpc.triggers.list.queryOptions({ definitionId }));
  // No live topic carries firings (an HTTP call or a worker's sweep makes them): the list looks again every few seconds.
  const firings = useQuery(trpc.triggers.firings.queryOptions({ definitionId, limit: 25 }, { refetchInterval: 3_000 }));
  const [creating, setCreating] = useState(false);
  const [shownToken, setShownToken] = useState<{ name: string; token: string; id: string } | null>(null);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.triggers.list.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.triggers.firings.pathKey() }),
    ]);
  const setEnabled = useMutation(trpc.triggers.setEnabled.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.triggers.delete.mutationOptions({ onSuccess: refresh }));
  const rotate = useMutation(
    trpc.triggers.rotateToken.mutationOptions({
      onSuccess: (r) => {
        setShownToken({ name: r.trigger.name, token: r.token, id: r.trigger.id });
        void refresh();
      },
    }),
  );
  const error = triggers.error ?? setEnabled.error ?? remove.error ?? rotate.error;
  const origin = typeof window === "undefined" ? "" : window.location.origin;

  return (
    <section className="panel" aria-label="Triggers">
      <div className="topbar">
        <h2>Triggers</h2>
        {canEdit && !creating && (
          <button
            type="button"
            onClick={() => {
              setCreating(true);
              setShownToken(null);
            }}
          >
            New trigger
          </button>
        )}
      </div>
      <FormError message={error ? errorMessage(error) : null} />
      {shownToken && (
        <div className="notice" role="status" data-testid="trigger-token-box">
          <p>
            Token for <strong>{shownToken.name}</strong>, shown this once: <code data-testid="trigger-token">{shownToken.token}</code>
          </p>
          <pre className="mono">{`curl -X POST ${origin}/api/triggers/${shownToken.id}/fire \\\n  -H 'Authorization: Bearer ${shownToken.token}' \\\n  -H 'Content-Type: application/json' -d '{}'`}</pre>
          <button type="button" onClick={() => setShownToken(null)}>
            I have stored it
          </button>
        </div>
      )}
      {creating && events.data && (
        <TriggerForm
          definitionId={definitionId}
          events={events.data}
          onCreated={(created) => {
            setCreating(false);
            if (created.token) setShownToken({ name: created.name, token: created.token, id: created.id });
            void refresh();
          }}
        />
      )}
      <table className="data" data-testid="triggers-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Event</th>
            <th>Filter</th>
            <th>Parameters</th>
            <th>Debounce</th>
            <th>Concurrency</th>
            <th>State</th>
            {canEdit && <th>Actions</th>}
          </tr>
        </thead>
        <tbody>
          {triggers.data?.map((t) => (
            <tr key={t.id} data-testid={`trigger-${t.name}`}>
              <td>{t.name}</td>
              <td className="mono">
                {t.event}
                {t.event === "http" && <div className="muted">{t.tokenPrefix ? `token ${t.tokenPrefix}…` : "no token yet"}</div>}
              </td>
              <td>{describeMap(t.filter, "=")}</td>
              <td>{describeMap(t.paramMap, "←")}</td>
              <td>{t.debounceSeconds ? `${t.debounceSeconds} s` : "–"}</td>
              <td>{t.maxConcurrent ? `${t.maxConcurrent} per ${t.concurrencyKey || "trigger"}, else ${t.overflow}` : "no limit"}</td>
              <td>
                <StatusBadge tone={t.enabled ? "ok" : "warn"}>
                  <span data-testid="trigger-state">{t.enabled ? "enabled" : "disabled"}</span>
                </StatusBadge>
              </td>
              {canEdit && (
                <td>
                  <div className="toolbar">
                    <button type="button" onClick={() => setEnabled.mutate({ id: t.id, enabled: !t.enabled })}>
                      {t.enabled ? "Disable" : "Enable"}
                    </button>
                    {t.event === "http" && (
                      <button type="button" onClick={() => rotate.mutate({ id: t.id })}>
                        Rotate token
                      </button>
                    )}
                    <button type="button" className="danger" onClick={() => remove.mutate({ id: t.id })}>
                      Delete
                    </button>
                  </div>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {triggers.data?.length === 0 && <p className="muted">No triggers: this job runs on its schedule or by hand only.</p>}
      <h3>Recent firings</h3>
      <table className="data" data-testid="firings-table">
        <thead>
          <tr>
            <th>When</th>
            <th>Trigger</th>
            <th>Event</th>
            <th>Outcome</th>
            <th>Run</th>
            <th>Why</th>
          </tr>
        </thead>
        <tbody>
          {firings.data?.map((f) => (
            <tr key={f.id} data-testid="firing-row">
              <td className="muted">
                <Time value={f.createdAt} />
              </td>
              <td>{f.triggerName}</td>
              <td className="mono">
                {f.eventKind}
                {f.concurrencyKey ? <div className="muted">key {f.concurrencyKey}</div> : null}
              </td>
              <td>
                <StatusBadge tone={outcomeTone[f.outcome] ?? "neutral"}>
                  <span data-testid="firing-outcome" data-outcome={f.outcome}>
                    {f.outcome.replace("invalid", "invalid parameters")}
                  </span>
                </StatusBadge>
              </td>
              <td>
                {f.runId ? (
                  <Link href={`/runs/${f.runId}`} className="mono">
                    {f.runId.slice(0, 16)}…
                  </Link>
                ) : (
                  "–"
                )}
              </td>
              <td className="muted">{f.reason ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {firings.data?.length === 0 && <p className="muted">No firings yet.</p>}
    </section>
  );
}
