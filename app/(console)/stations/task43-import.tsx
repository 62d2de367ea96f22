"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { FormError } from "@/components/ui/form-error";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";
import type { Task43Document } from "@/server/stations/task43-schema";

/** Reads an IEA Task 43 WRA data model JSON file, shows what it would create or change, and applies it on confirmation. */
export function Task43Import() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [document, setDocument] = useState<Task43Document | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const preview = useMutation(trpc.stations.importTask43.mutationOptions());
  const apply = useMutation(
    trpc.stations.importTask43.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.stations.list.pathKey() }) }),
  );
  const choose = async (file: File | undefined) => {
    setReadError(null);
    setDocument(null);
    apply.reset();
    if (!file) return;
    try {
      const parsed = JSON.parse(await file.text()) as Task43Document;
      setDocument(parsed);
      preview.mutate({ document: parsed });
    } catch {
      setReadError("This file is not JSON.");
    }
  };
  const plan = (apply.data ?? preview.data)?.stations;
  return (
    <details className="panel">
      <summary>Import a Task 43 JSON file</summary>
      <label className="field">
        IEA Task 43 WRA data model file (.json)
        <input type="file" accept=".json,application/json" onChange={(e) => void choose(e.target.files?.[0])} />
      </label>
      <FormError message={readError ?? (preview.error && errorMessage(preview.error)) ?? (apply.error && errorMessage(apply.error))} />
      {plan && (
        <table className="data" data-testid="task43-plan" aria-label={apply.data ? "Imported" : "What the file changes"}>
          <thead>
            <tr>
              <th>Record</th>
              <th>What</th>
              <th>{apply.data ? "Done" : "Would"}</th>
            </tr>
          </thead>
          <tbody>
            {plan.flatMap((s) => [
              <tr key={`s-${s.name}`}>
                <td>Station</td>
                <td>{s.name}</td>
                <td>
                  {s.action}
                  {s.changes ? ` (${Object.keys(s.changes).join(", ")})` : ""}
                </td>
              </tr>,
              ...s.loggers.map((c) => (
                <tr key={`l-${s.name}-${c.what}`}>
                  <td>Logger</td>
                  <td>{c.what}</td>
                  <td>{c.action}</td>
                </tr>
              )),
              ...s.points.map((c) => (
                <tr key={`p-${s.name}-${c.what}`}>
                  <td>Point</td>
                  <td>{c.what}</td>
                  <td>{c.action}</td>
                </tr>
              )),
              ...s.configs.map((c) => (
                <tr key={`c-${s.name}-${c.what}`}>
                  <td>Configuration</td>
                  <td>{c.what}</td>
                  <td>{c.action}</td>
                </tr>
              )),
            ])}
          </tbody>
        </table>
      )}
      {document && preview.data && !apply.data && (
        <button className="primary" type="button" disabled={apply.isPending} onClick={() => apply.mutate({ document, apply: true })}>
          Apply these changes
        </button>
      )}
      {apply.data && <p role="status">Imported.</p>}
    </details>
  );
}
