"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ParamsFields, type ParamSchema } from "@/components/jobs/params-fields";
import { FormError } from "@/components/ui/form-error";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";

/** Rerun with the same parameters, or edit them first (the new run is marked as edited). */
export function RerunPanel({ runId, kind, params }: { runId: string; kind: string; params: Record<string, unknown> }) {
  const trpc = useTRPC();
  const router = useRouter();
  const kinds = useQuery(trpc.jobs.kinds.queryOptions());
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(params);
  const [valid, setValid] = useState(true);
  const rerun = useMutation(trpc.runs.rerun.mutationOptions({ onSuccess: ([run]) => router.push(`/runs/${run.id}`) }));
  const schema = kinds.data?.find((k) => k.name === kind)?.paramsSchema as ParamSchema | undefined;
  return (
    <div>
      <FormError message={rerun.error ? errorMessage(rerun.error) : null} />
      <div className="toolbar">
        <button type="button" className="primary" disabled={rerun.isPending} onClick={() => rerun.mutate({ ids: [runId] })}>
          Rerun
        </button>
        {!editing && (
          <button type="button" onClick={() => setEditing(true)}>
            Rerun with edited parameters…
          </button>
        )}
      </div>
      {editing && (
        <div>
          <ParamsFields
            schema={schema ?? { type: "object", properties: {} }}
            value={draft}
            onChange={(v, ok) => {
              setDraft(v);
              setValid(ok);
            }}
          />
          <div className="toolbar">
            <button type="button" className="primary" disabled={!valid || rerun.isPending} onClick={() => rerun.mutate({ ids: [runId], params: draft })}>
              Rerun with these parameters
            </button>
            <button type="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
