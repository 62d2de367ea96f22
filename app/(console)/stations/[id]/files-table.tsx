"use client";

import { useMutation } from "@tanstack/react-query";
import { FormError } from "@/components/ui/form-error";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";
import type { Logger } from "./station-types";
import { formatBytes } from "@/components/ui/format-value";
import { Time } from "@/components/ui/time";

const DAY_MS = 86_400_000;

/** A logger's files: status, counts, period, held columns, conflicts, sender and the original's download. */
export function FilesTable({
  files,
  retentionDays,
  canDownload,
  onChanged,
}: {
  files: Logger["imports"];
  retentionDays: number;
  canDownload: boolean;
  onChanged: () => void;
}) {
  if (files.length === 0) return <p className="muted">No files imported yet.</p>;
  return (
    <table className="data" data-testid="logger-files">
      <thead>
        <tr>
          <th>File</th>
          <th>Status</th>
          <th>Rows</th>
          <th>Points</th>
          <th>Period</th>
          <th>Held columns</th>
          <th>Conflicts with earlier files</th>
          <th>Received</th>
          <th>Original (retention: logger files)</th>
        </tr>
      </thead>
      <tbody>
        {files.map((f) => {
          const until = new Date(new Date(f.createdAt).getTime() + retentionDays * DAY_MS);
          const kept = f.originalBytes !== null && until.getTime() > Date.now();
          const cross = (f.report as { crossFileConflicts?: { count: number; replaced: boolean } } | null)?.crossFileConflicts;
          const conflicts = cross?.count ?? 0;
          return (
            <tr key={f.id}>
              <td className="mono">{f.fileName}</td>
              <td data-testid="status">{f.status}</td>
              <td data-testid="rows">{f.rows}</td>
              <td data-testid="points">{f.points}</td>
              <td className="muted">
                <Time value={f.firstAt} /> – <Time value={f.lastAt} />
              </td>
              <td>{f.heldColumns.join(", ") || "—"}</td>
              <td data-testid="conflicts">
                {conflicts === 0 ? (
                  "—"
                ) : cross?.replaced ? (
                  <span className="badge">{conflicts} value(s) replaced by this file</span>
                ) : (
                  <>
                    <span className="badge warn">{conflicts} value(s) differ; earlier kept</span>
                    {canDownload && kept && <ReplaceConflicts importId={f.id} onChanged={onChanged} />}
                  </>
                )}
              </td>
              <td className="muted">
                <Time value={f.createdAt} />
                {f.source ? ` · ${f.source.name}` : f.createdBy ? ` · ${f.createdBy}` : ""}
              </td>
              <td data-testid="original">
                {kept && canDownload ? (
                  <a href={`/api/imports/${f.id}/file`} download={f.fileName}>
                    Download ({formatBytes(f.originalBytes!)})
                  </a>
                ) : kept ? (
                  "kept"
                ) : (
                  "expired"
                )}
                <span className="muted">
                  {" "}
                  · until <Time value={until} format="date" />
                </span>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The operator's word that this file's values win over the earlier file's where they differ. */
function ReplaceConflicts({ importId, onChanged }: { importId: string; onChanged: () => void }) {
  const trpc = useTRPC();
  const replace = useMutation(trpc.stations.replaceConflicts.mutationOptions({ onSuccess: onChanged }));
  return (
    <>
      {" "}
      <button type="button" disabled={replace.isPending || replace.isSuccess} onClick={() => replace.mutate({ importId })}>
        {replace.isSuccess ? "Queued" : "Let this file win"}
      </button>
      <FormError message={replace.error && errorMessage(replace.error)} />
    </>
  );
}
