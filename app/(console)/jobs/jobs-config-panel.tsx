"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { JobsConfigPlanTable } from "@/components/jobs/jobs-config-plan";
import { FormError } from "@/components/ui/form-error";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";
import { JOBS_CONFIG_MAX_BYTES } from "@/server/jobs/jobs-config-limits";

/**
 * The jobs file of `npm run jobs`: staff download it; operators upload one, see what it would change, then
 * confirm. The apply is refused if the definitions changed since the preview (its basis).
 */
export function JobsConfigPanel({ canEdit, onApplied }: { canEdit: boolean; onApplied: (message: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<{ name: string; yaml: string } | null>(null);
  const [prune, setPrune] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const preview = useMutation(trpc.jobs.previewConfig.mutationOptions({ onError: (err) => setError(errorMessage(err)) }));
  const apply = useMutation(
    trpc.jobs.applyConfig.mutationOptions({
      onSuccess: ({ plan, applied }) => {
        const { create, update, delete: deleted } = plan.counts;
        onApplied(
          applied
            ? `Applied the jobs file: ${create} created, ${update} updated, ${deleted} deleted.`
            : "The jobs file matches the definitions: nothing to change.",
        );
        reset();
      },
      onError: (err) => setError(errorMessage(err)),
    }),
  );

  const reset = () => {
    setFile(null);
    preview.reset();
    if (input.current) input.current.value = "";
  };
  const download = async () => {
    setError(null);
    try {
      const { yaml } = await queryClient.fetchQuery({ ...trpc.jobs.exportConfig.queryOptions(), staleTime: 0 });
      const url = URL.createObjectURL(new Blob([yaml], { type: "application/yaml" }));
      Object.assign(document.createElement("a"), { href: url, download: "jobs.yaml" }).click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const choose = async (chosen: File | undefined) => {
    setError(null);
    preview.reset();
    if (!chosen) return setFile(null);
    if (chosen.size > JOBS_CONFIG_MAX_BYTES) return setError(`${chosen.name} is ${chosen.size} bytes; at most ${JOBS_CONFIG_MAX_BYTES} are accepted.`);
    const next = { name: chosen.name, yaml: await chosen.text() };
    setFile(next);
    preview.mutate({ yaml: next.yaml, prune });
  };
  const togglePrune = (next: boolean) => {
    setPrune(next);
    if (file) preview.mutate({ yaml: file.yaml, prune: next });
  };
  const plan = preview.data?.plan;
  const changes = plan ? plan.counts.create + plan.counts.update + plan.counts.delete : 0;

  return (
    <section className="panel" aria-label="Jobs file">
      <h2>Jobs file</h2>
      <p className="muted">
        Every definition as one YAML file, the same as <code>npm run jobs -- export</code>; a file applied here or with <code>npm run jobs -- apply</code> is
        checked whole before anything changes.
      </p>
      <div className="toolbar">
        <button type="button" onClick={() => void download()}>
          Download jobs.yaml
        </button>
        {canEdit && (
          <>
            <label>
              Upload jobs file{" "}
              <input ref={input} type="file" accept=".yaml,.yml,application/yaml,text/yaml" onChange={(e) => void choose(e.target.files?.[0])} />
            </label>
            <label>
              <input type="checkbox" checked={prune} onChange={(e) => togglePrune(e.target.checked)} /> Delete jobs not in the file
            </label>
          </>
        )}
      </div>
      <FormError message={error} />
      {preview.isPending && (
        <p className="muted" role="status">
          Checking {file?.name}…
        </p>
      )}
      {file && plan && (
        <div role="region" aria-label="Jobs file preview">
          <h3>What {file.name} changes</h3>
          <JobsConfigPlanTable plan={plan} />
          <div className="form-row">
            <button
              className={plan.counts.delete ? "primary danger" : "primary"}
              type="button"
              disabled={changes === 0 || apply.isPending}
              onClick={() => apply.mutate({ yaml: file.yaml, prune, basis: preview.data!.basis })}
            >
              {changes === 0 ? "Nothing to apply" : `Apply ${changes} change${changes === 1 ? "" : "s"}`}
            </button>
            <button type="button" onClick={reset}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
