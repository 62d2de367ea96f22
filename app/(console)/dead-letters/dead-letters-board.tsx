"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { DeadLetterRow } from "@/components/jobs/dead-letter-row";
import { FormError } from "@/components/ui/form-error";
import { DEAD_LETTER_EVENT } from "@/server/dead-letters/dead-letter-event";
import { useLiveEvent } from "@/app/_lib/live";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";
import { useRunChanges } from "@/app/_lib/use-run-changes";
import { Time } from "@/components/ui/time";

type State = "pending" | "replayed" | "discarded" | "all";
interface Group { id?: string; kind?: string; jobName?: string; errorGroup?: string }

export function DeadLettersBoard({ canAct, focus }: { canAct: boolean; focus?: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // A link to one letter (from a run's page) shows that letter, whatever its state.
  const [state, setState] = useState<State>(focus ? "all" : "pending");
  const [group, setGroup] = useState<Group>(focus ? { id: focus } : {});
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [reason, setReason] = useState("");
  const [confirmAll, setConfirmAll] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const list = useQuery(trpc.deadLetters.list.queryOptions({ ...group, state }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.deadLetters.list.pathKey() });
  // New letters, and replays finishing, change what this page shows.
  useLiveEvent("runs", DEAD_LETTER_EVENT, () => void refresh());
  useRunChanges((c) => c.status === "dead" || c.status === "succeeded", () => void refresh(), 1_000);
  const done = (text: string) => {
    setSelected(new Set());
    setConfirmAll(false);
    setNotice(text);
    return refresh();
  };
  const replay = useMutation(trpc.deadLetters.replay.mutationOptions({ onSuccess: (r) => done(`Replayed ${r.replayed.length} dead letter(s).`) }));
  const discard = useMutation(trpc.deadLetters.discard.mutationOptions({ onSuccess: (r) => { setReason(""); return done(`Discarded ${r.discarded} dead letter(s).`); } }));
  const letters = list.data?.letters ?? [];
  const toggle = (id: string) => setSelected((s) => {
    const next = new Set(s);
    if (!next.delete(id)) next.add(id);
    return next;
  });
  const actionable = canAct && (state === "pending" || state === "all");
  const error = list.error ?? replay.error ?? discard.error;
  const groupLabel = group.id ? `letter ${group.id}` : [group.jobName ?? group.kind, group.errorGroup].filter(Boolean).join(" · ");

  return (
    <>
      <h1>Dead letters</h1>
      <p className="muted">Runs that used up their attempts (or could never succeed), with their payload. Replay runs one again, once; discard records why it will not be.</p>
      {notice && <p className="notice" role="status">{notice}</p>}
      <FormError message={error ? errorMessage(error) : null} />
      <div className="toolbar" role="tablist" aria-label="State">
        {(["pending", "replayed", "discarded", "all"] as const).map((s) => (
          <button key={s} type="button" role="tab" aria-selected={state === s} className={state === s ? "primary" : undefined} onClick={() => { setState(s); setGroup(({ id: _id, ...rest }) => rest); setSelected(new Set()); }}>{s}</button>
        ))}
      </div>
      <section className="panel">
        <h2>By job and error</h2>
        <table className="data" data-testid="dead-letter-groups">
          <thead><tr><th>Job</th><th>Error</th><th>Letters</th><th>Latest</th><th></th></tr></thead>
          <tbody>
            {list.data?.groups.map((g) => (
              <tr key={`${g.kind}|${g.jobName}|${g.errorGroup}`}>
                <td>{g.jobName ?? "–"}<div className="muted mono">{g.kind}</div></td>
                <td className="mono">{g.errorGroup}</td>
                <td>{g.count}</td>
                <td className="muted"><Time value={g.latest} relative /></td>
                <td><button type="button" onClick={() => { setGroup({ kind: g.kind, jobName: g.jobName ?? undefined, errorGroup: g.errorGroup }); setSelected(new Set()); }}>Show these</button></td>
              </tr>
            ))}
          </tbody>
        </table>
        {list.data?.groups.length === 0 && <p className="muted">No {state} dead letters.</p>}
      </section>
      <section className="panel">
        <div className="topbar">
          <h2>{groupLabel ? `Letters: ${groupLabel}` : "All letters"}</h2>
          {groupLabel && <button type="button" onClick={() => setGroup({})}>Show all</button>}
        </div>
        {actionable && (
          <div className="toolbar" aria-label="Dead-letter actions">
            <span className="muted">{selected.size} selected</span>
            <button type="button" className="primary" disabled={!selected.size || replay.isPending} onClick={() => replay.mutate({ ids: [...selected] })}>Replay selected</button>
            <button type="button" disabled={!letters.length || replay.isPending} onClick={() => setConfirmAll(true)}>Replay all matching…</button>
            <input aria-label="Discard reason" placeholder="reason for discarding" value={reason} onChange={(e) => setReason(e.target.value)} />
            <button type="button" className="danger" disabled={!selected.size || reason.trim().length < 3 || discard.isPending} onClick={() => discard.mutate({ selection: { ids: [...selected] }, reason })}>Discard selected</button>
          </div>
        )}
        {confirmAll && (
          <div className="panel" role="dialog" aria-label="Confirm replay all">
            <p>Replay every pending dead letter{groupLabel ? ` of ${groupLabel}` : ""} (up to 1,000)?</p>
            <div className="form-row">
              <button type="button" className="primary" disabled={replay.isPending} onClick={() => replay.mutate({ filter: group })}>Replay them</button>
              <button type="button" onClick={() => setConfirmAll(false)}>Cancel</button>
            </div>
          </div>
        )}
        <table className="data" data-testid="dead-letters-table">
          <thead><tr>{actionable && <th></th>}<th>Job</th><th>Last error</th><th>Attempts</th><th>Dead since</th><th>Run</th><th>State</th></tr></thead>
          <tbody>
            {letters.map((letter) => (
              <DeadLetterRow
                key={letter.id}
                letter={letter}
                open={letter.id === group.id}
                selected={selected.has(letter.id)}
                onToggle={actionable ? () => toggle(letter.id) : undefined}
              />
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
