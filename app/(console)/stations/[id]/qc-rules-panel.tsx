"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { FormError } from "@/components/ui/form-error";
import { Time } from "@/components/ui/time";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";
import { ruleOperators, ruleStatistics, type QcRuleDefinition, type RuleCondition } from "@/server/qc/rules/rule-schema";

interface Draft {
  id?: string;
  name: string;
  description: string;
  enabled: boolean;
  definition: QcRuleDefinition;
}

const blankCondition = (point: string): RuleCondition => ({ point, of: "value", op: "<", value: 0 });
const blank = (points: string[]): Draft => ({
  name: "",
  description: "",
  enabled: true,
  definition: { flag: [], match: "all", conditions: [blankCondition(points[0] ?? "")], forMinutes: 60, severity: "fail" },
});
const hours = (ms: number) => `${(ms / 3_600_000).toLocaleString(undefined, { maximumFractionDigits: 1 })} h`;

/** A station's own QC rules (icing, tower shadow …): read by everyone, written by staff after a preview of the last month. */
export function QcRulesPanel({ stationId, points, canEdit }: { stationId: string; points: string[]; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const rules = useQuery(trpc.qc.rules.queryOptions({ stationId }));
  const [draft, setDraft] = useState<Draft | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.qc.rules.queryKey({ stationId }) }),
      queryClient.invalidateQueries({ queryKey: trpc.sensors.readings.pathKey() }),
    ]);
  const remove = useMutation(
    trpc.qc.deleteRule.mutationOptions({
      onSuccess: (r) => {
        setNotice(`Rule deleted; ${r.flagsRemoved} of its flags taken back.`);
        return refresh();
      },
    }),
  );

  return (
    <section className="panel" aria-label="Site QC rules">
      <h2>Site QC rules</h2>
      <p className="muted">
        Conditions of this site that make readings untrustworthy (icing, tower shadow, maintenance): where a rule holds long enough, it flags the points it
        names. A manual “good” verdict wins over it.
      </p>
      <FormError message={(rules.error ?? remove.error) && errorMessage((rules.error ?? remove.error)!)} />
      <table className="data" data-testid="qc-rules">
        <thead>
          <tr>
            <th>Rule</th>
            <th>Reads</th>
            <th>Version</th>
            <th>Flags</th>
            <th>State</th>
            {canEdit && <th></th>}
          </tr>
        </thead>
        <tbody>
          {rules.data?.map((r) => (
            <tr key={r.id} data-testid={`qc-rule-${r.name}`}>
              <td>
                {r.name}
                {r.description && <div className="muted">{r.description}</div>}
              </td>
              <td className="mono">{r.text}</td>
              <td>v{r.version}</td>
              <td data-testid="rule-flags">{r.flags}</td>
              <td>{r.enabled ? "enabled" : "disabled"}</td>
              {canEdit && (
                <td>
                  <button
                    type="button"
                    onClick={() => setDraft({ id: r.id, name: r.name, description: r.description, enabled: r.enabled, definition: r.definition })}
                  >
                    Edit
                  </button>{" "}
                  <button type="button" disabled={remove.isPending} onClick={() => remove.mutate({ id: r.id })}>
                    Delete {r.name}
                  </button>
                </td>
              )}
            </tr>
          ))}
          {rules.data?.length === 0 && (
            <tr>
              <td colSpan={canEdit ? 6 : 5} className="muted">
                No site rules yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {canEdit && !draft && (
        <button
          type="button"
          onClick={() => {
            setNotice(null);
            setDraft(blank(points));
          }}
        >
          New rule
        </button>
      )}
      {canEdit && draft && (
        <RuleEditor
          key={draft.id ?? "new"}
          stationId={stationId}
          points={points}
          initial={draft}
          onCancel={() => setDraft(null)}
          onSaved={async (text) => {
            setDraft(null);
            setNotice(text);
            await refresh();
          }}
        />
      )}
    </section>
  );
}

function RuleEditor({
  stationId,
  points,
  initial,
  onCancel,
  onSaved,
}: {
  stationId: string;
  points: string[];
  initial: Draft;
  onCancel: () => void;
  onSaved: (text: string) => Promise<unknown>;
}) {
  const trpc = useTRPC();
  const [draft, setDraft] = useState(initial);
  const [asked, setAsked] = useState<QcRuleDefinition | null>(null);
  const preview = useQuery({
    ...trpc.qc.previewRule.queryOptions({ stationId, definition: asked ?? initial.definition }),
    enabled: asked !== null,
    retry: false,
  });
  const save = useMutation(
    trpc.qc.saveRule.mutationOptions({
      onSuccess: (r) =>
        onSaved(
          `Saved ${r.rule.name} v${r.rule.version}: ${r.flags} flag(s) over the last 30 days${r.reevaluationRunId ? "; the year before is being re-judged by a QC run" : ""}.`,
        ),
    }),
  );
  const d = draft.definition;
  const setDefinition = (change: Partial<QcRuleDefinition>) => setDraft({ ...draft, definition: { ...d, ...change } });
  const setCondition = (i: number, change: Partial<RuleCondition>) =>
    setDefinition({ conditions: d.conditions.map((c, j) => (j === i ? { ...c, ...change } : c)) });
  const previewed = asked !== null && JSON.stringify(asked) === JSON.stringify(d) && preview.data !== undefined;

  return (
    <form
      className="panel"
      aria-label="Site rule"
      data-testid="rule-editor"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({
          stationId,
          ...(draft.id ? { id: draft.id } : {}),
          name: draft.name,
          description: draft.description,
          enabled: draft.enabled,
          definition: d,
        });
      }}
    >
      <div className="form-row">
        <label className="field">
          Name
          <input value={draft.name} maxLength={64} onChange={(e) => setDraft({ ...draft, name: e.target.value })} placeholder="e.g. icing" required />
        </label>
        <label className="field">
          Description
          <input value={draft.description} maxLength={500} onChange={(e) => setDraft({ ...draft, description: e.target.value })} />
        </label>
        <label>
          <input type="checkbox" checked={draft.enabled} onChange={(e) => setDraft({ ...draft, enabled: e.target.checked })} /> Enabled
        </label>
      </div>
      <fieldset className="form-row">
        <legend>Points to flag</legend>
        {points.map((p) => (
          <label key={p}>
            <input
              type="checkbox"
              checked={d.flag.includes(p)}
              onChange={(e) => setDefinition({ flag: e.target.checked ? [...d.flag, p] : d.flag.filter((x) => x !== p) })}
            />{" "}
            {p}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>
          While{" "}
          <select aria-label="Match" value={d.match} onChange={(e) => setDefinition({ match: e.target.value as "all" | "any" })}>
            <option value="all">all</option>
            <option value="any">any</option>
          </select>{" "}
          of these hold
        </legend>
        {d.conditions.map((c, i) => (
          <div className="form-row" key={i} data-testid={`condition-${i + 1}`}>
            <select
              aria-label={`Condition ${i + 1} statistic`}
              value={c.of}
              onChange={(e) => {
                const of = e.target.value as RuleCondition["of"];
                setCondition(i, { of, windowMinutes: of === "value" ? undefined : (c.windowMinutes ?? 10) });
              }}
            >
              {ruleStatistics.map((s) => (
                <option key={s} value={s}>
                  {s === "value" ? "value of" : `${s} of`}
                </option>
              ))}
            </select>
            <select aria-label={`Condition ${i + 1} point`} value={c.point} onChange={(e) => setCondition(i, { point: e.target.value })}>
              {points.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
            {c.of !== "value" && (
              <label>
                over{" "}
                <input
                  type="number"
                  aria-label={`Condition ${i + 1} window in minutes`}
                  min={1}
                  max={1440}
                  value={c.windowMinutes ?? 10}
                  onChange={(e) => setCondition(i, { windowMinutes: Number(e.target.value) })}
                />{" "}
                min
              </label>
            )}
            <select aria-label={`Condition ${i + 1} comparison`} value={c.op} onChange={(e) => setCondition(i, { op: e.target.value as RuleCondition["op"] })}>
              {ruleOperators.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
            <input
              type="number"
              step="any"
              aria-label={`Condition ${i + 1} value`}
              value={Number.isFinite(c.value) ? c.value : ""}
              onChange={(e) => setCondition(i, { value: e.target.value === "" ? Number.NaN : Number(e.target.value) })}
            />
            {d.conditions.length > 1 && (
              <button type="button" onClick={() => setDefinition({ conditions: d.conditions.filter((_, j) => j !== i) })}>
                Remove condition {i + 1}
              </button>
            )}
          </div>
        ))}
        {d.conditions.length < 8 && (
          <button type="button" onClick={() => setDefinition({ conditions: [...d.conditions, blankCondition(points[0] ?? "")] })}>
            Add condition
          </button>
        )}
      </fieldset>
      <div className="form-row">
        <label className="field">
          For at least (minutes)
          <input type="number" min={0} max={10_080} value={d.forMinutes} onChange={(e) => setDefinition({ forMinutes: Number(e.target.value) })} />
        </label>
        <label className="field">
          Severity
          <select value={d.severity} onChange={(e) => setDefinition({ severity: e.target.value as "suspect" | "fail" })}>
            <option value="fail">fail</option>
            <option value="suspect">suspect</option>
          </select>
        </label>
      </div>
      <div className="form-row">
        <button type="button" onClick={() => setAsked(structuredClone(d))}>
          Preview last 30 days
        </button>
        <button type="submit" className="primary" disabled={!previewed || save.isPending} title={previewed ? undefined : "Preview the rule as it stands first"}>
          Save rule
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {asked && preview.isFetching && <p className="muted">Judging the last 30 days…</p>}
      <FormError message={asked && preview.error ? errorMessage(preview.error) : save.error ? errorMessage(save.error) : null} />
      {asked && preview.data && (
        <div data-testid="rule-preview">
          <p>
            <span className="mono">{preview.data.text}</span>
            {!previewed && <strong> (changed since: preview again to save)</strong>}
          </p>
          <p>
            Over the last 30 days it holds in <strong data-testid="preview-ranges">{preview.data.ranges}</strong> range(s), {hours(preview.data.flaggedMs)} in
            all.
          </p>
          <table className="data">
            <thead>
              <tr>
                <th>Point</th>
                <th>Ranges</th>
                <th>Readings flagged</th>
                <th>First ranges</th>
              </tr>
            </thead>
            <tbody>
              {preview.data.points.map((p) => (
                <tr key={p.point} data-testid={`preview-${p.point}`}>
                  <td>{p.point}</td>
                  <td>{p.ranges}</td>
                  <td data-testid="preview-readings">{p.readings}</td>
                  <td>
                    {p.shown.slice(0, 5).map((r, i) => (
                      <div key={i}>
                        <Time value={r.from} /> – <Time value={r.to} />
                      </div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </form>
  );
}
