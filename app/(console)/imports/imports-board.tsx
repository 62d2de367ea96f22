"use client";

import { useQuery } from "@tanstack/react-query";
import { StatusBadge, type Tone } from "@/components/ui/status-badge";
import { useTRPC } from "@/app/_lib/trpc";
import { UploadImport } from "./upload-import";
import { Time } from "@/components/ui/time";

const statusTone: Record<string, Tone> = { queued: "neutral", running: "warn", succeeded: "ok", failed: "bad" };

function errorText(errors: unknown): string {
  return Array.isArray(errors) ? errors.map((e) => (e as { message?: string }).message ?? JSON.stringify(e)).join("; ") : "";
}

export function ImportsBoard({ maxBytes }: { maxBytes: number }) {
  const trpc = useTRPC();
  const imports = useQuery(
    trpc.imports.list.queryOptions(undefined, {
      // Poll fast only while an import is on its way.
      refetchInterval: (query) => (query.state.data?.some((i) => i.status === "queued" || i.status === "running") ? 1_000 : 10_000),
    }),
  );

  return (
    <>
      <h1>Imports</h1>
      <p className="muted">Logger files (CSV with a header row, or Campbell Scientific TOA5) written to the readings store by a worker, in batches.</p>
      <UploadImport maxBytes={maxBytes} onChanged={() => imports.refetch()} />
      <section className="panel">
        <table className="data" data-testid="imports-table">
          <thead>
            <tr>
              <th>File</th>
              <th>Source</th>
              <th>Rows</th>
              <th>Points</th>
              <th>First reading</th>
              <th>Last reading</th>
              <th>Status</th>
              <th>Errors</th>
            </tr>
          </thead>
          <tbody>
            {imports.data?.map((i) => (
              <tr key={i.id} data-testid={`import-row-${i.id}`}>
                <td>
                  {i.fileName}{" "}
                  <span className="muted">
                    ({i.format}, {i.timeZone})
                  </span>
                </td>
                <td>{i.source?.name ?? <span className="muted">—</span>}</td>
                <td data-testid="rows">{i.rows}</td>
                <td data-testid="points">{i.points}</td>
                <td className="muted">
                  <Time value={i.firstAt} />
                </td>
                <td className="muted">
                  <Time value={i.lastAt} />
                </td>
                <td data-testid="status">
                  <StatusBadge tone={statusTone[i.status]}>{i.status}</StatusBadge>
                </td>
                <td className="error">{errorText(i.errors)}</td>
              </tr>
            ))}
            {imports.data?.length === 0 && (
              <tr>
                <td colSpan={8} className="muted">
                  No imports yet.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </section>
    </>
  );
}
