"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { FormError } from "@/components/ui/form-error";
import { Time } from "@/components/ui/time";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";
import { parseJson } from "./parse-json";

const example = JSON.stringify(
  { gross_range: { enabled: true, params: { failMin: 0, failMax: 75, suspectMax: 40 } }, spike: { enabled: true, params: { suspect: 4, fail: 10 } } },
  null,
  2,
);

/** QC tests per quantity (defaults) and per measurement point (overrides), as JSON the server validates test by test. */
export function QcConfigEditor({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const config = useQuery(trpc.qc.config.queryOptions());
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [newQuantity, setNewQuantity] = useState("");
  const [localError, setLocalError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.qc.config.queryKey() });
  const setQuantity = useMutation(
    trpc.qc.setQuantityConfig.mutationOptions({
      onSuccess: (result) => {
        setSaved(`Saved ${result.config.quantity}${result.reevaluationRunId ? "; its sensors' last year is being re-evaluated" : " (unchanged)"}.`);
        return refresh();
      },
    }),
  );
  const clearPoint = useMutation(trpc.qc.clearPointConfig.mutationOptions({ onSuccess: refresh }));

  const save = (quantity: string, text: string) => {
    setLocalError(null);
    setSaved(null);
    setQuantity.reset();
    const parsed = parseJson(text);
    if (parsed.error) return setLocalError(parsed.error);
    setQuantity.mutate({ quantity, tests: parsed.value as never });
  };

  const data = config.data;
  const error = localError ?? ((setQuantity.error ?? clearPoint.error ?? config.error) && errorMessage(setQuantity.error ?? clearPoint.error ?? config.error));
  return (
    <div className="stack">
      <h1>Quality control</h1>
      <section className="panel" aria-label="QC tests">
        <h2>Tests</h2>
        <p className="muted">
          Each writes flags on the readings it finds: suspect or fail, with its name, version and parameters. Both leave the readings out of charts, reports and
          exports. A manual flag stays whatever QC finds; a range marked good by hand (on the sensor page) gets no QC flag.
        </p>
        <table className="data" data-testid="qc-tests">
          <thead>
            <tr>
              <th>Name</th>
              <th>Test</th>
              <th>Version</th>
              <th>Compares with</th>
            </tr>
          </thead>
          <tbody>
            {data?.tests.map((t) => (
              <tr key={t.name}>
                <td className="mono">{t.name}</td>
                <td>{t.title}</td>
                <td>{t.version}</td>
                <td>
                  {t.needs === "partner"
                    ? "the redundant sensor at the same height"
                    : t.needs === "reference"
                      ? "a reference or the station's neighbours"
                      : "—"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="panel" aria-label="Defaults per quantity">
        <h2>Defaults per quantity</h2>
        {data?.quantities.length === 0 && <p className="muted">No quantity has QC tests yet.</p>}
        {data?.quantities.map((q) => {
          const text = drafts[q.quantity] ?? JSON.stringify(q.tests, null, 2);
          return (
            <div key={q.quantity} data-testid={`qc-quantity-${q.quantity}`} className="stack">
              <h3 className="mono">{q.quantity}</h3>
              <p className="muted">
                Changed <Time value={q.updatedAt} /> by {q.updatedBy}
              </p>
              <label className="field">
                Tests for {q.quantity}
                <textarea
                  className="mono"
                  rows={8}
                  value={text}
                  readOnly={!canEdit}
                  onChange={(e) => setDrafts((d) => ({ ...d, [q.quantity]: e.target.value }))}
                />
              </label>
              {canEdit && (
                <button type="button" className="primary" disabled={setQuantity.isPending} onClick={() => save(q.quantity, text)}>
                  Save {q.quantity}
                </button>
              )}
            </div>
          );
        })}
        {canEdit && (
          <form
            className="stack"
            aria-label="Add a quantity"
            onSubmit={(e) => {
              e.preventDefault();
              save(newQuantity.trim(), drafts.__new ?? example);
            }}
          >
            <h3>Add a quantity</h3>
            <label className="field">
              Quantity
              <input value={newQuantity} onChange={(e) => setNewQuantity(e.target.value)} maxLength={64} required placeholder="wind_speed" />
            </label>
            <label className="field">
              Tests
              <textarea className="mono" rows={8} value={drafts.__new ?? example} onChange={(e) => setDrafts((d) => ({ ...d, __new: e.target.value }))} />
            </label>
            <button type="submit" className="primary" disabled={setQuantity.isPending}>
              Add
            </button>
          </form>
        )}
        {saved && (
          <p role="status" data-testid="qc-saved">
            {saved}
          </p>
        )}
        <FormError message={error} />
      </section>
      <section className="panel" aria-label="Point overrides">
        <h2>Measurement point overrides</h2>
        <p className="muted">A point's entries replace its quantity's, parameter by parameter.</p>
        <table className="data" data-testid="qc-points">
          <thead>
            <tr>
              <th>Station</th>
              <th>Point</th>
              <th>Quantity</th>
              <th>Overrides</th>
              {canEdit && <th></th>}
            </tr>
          </thead>
          <tbody>
            {data?.points.map((p) => (
              <tr key={p.pointId}>
                <td>{p.station}</td>
                <td>
                  <a href={`/sensors/${encodeURIComponent(p.sensorKey)}`}>{p.point}</a>
                </td>
                <td className="mono">{p.quantity}</td>
                <td className="mono">{JSON.stringify(p.tests)}</td>
                {canEdit && (
                  <td>
                    <button type="button" onClick={() => clearPoint.mutate({ pointId: p.pointId })}>
                      Clear
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        {data?.points.length === 0 && <p className="muted">No point overrides.</p>}
      </section>
    </div>
  );
}
