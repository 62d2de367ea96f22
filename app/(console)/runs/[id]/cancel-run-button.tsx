"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { FormError } from "@/components/ui/form-error";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";

/** Takes a run that has not started off its queue. */
export function CancelRunButton({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const cancel = useMutation(
    trpc.runs.cancel.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.runs.get.queryKey({ id: runId }) }) }),
  );
  const skipped = cancel.data?.skipped.length ? "It had already started." : null;
  return (
    <div className="toolbar" style={{ marginTop: 12 }}>
      <button type="button" className="danger" disabled={cancel.isPending} onClick={() => cancel.mutate({ ids: [runId] })}>
        Cancel this run
      </button>
      <FormError message={cancel.error ? errorMessage(cancel.error) : skipped} />
    </div>
  );
}
