"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/ui/form-error";
import { fileBase64 } from "@/app/_lib/file-base64";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";
import { formatInZone } from "@/components/ui/time-format";
import { useTimeZone } from "@/components/ui/time-zone-context";
import { ColumnMapping, type ColumnDecision, type ProposedColumn } from "./column-mapping";
import { FilesTable } from "./files-table";
import type { Logger } from "./station-types";

/** One logger: its mapping state, a file upload that asks for the points only once, held columns and files. */
export function LoggerPanel({
  logger,
  retentionDays,
  canUpload,
  maxBytes,
  onChanged,
}: {
  logger: Logger;
  retentionDays: number;
  canUpload: boolean;
  maxBytes: number;
  onChanged: () => void;
}) {
  const trpc = useTRPC();
  const held = logger.columns.filter((c) => c.state === "held");
  const decide = useMutation(trpc.stations.decideColumns.mutationOptions({ onSuccess: onChanged }));
  const mapped = logger.columns.filter((c) => c.state === "mapped").length;
  const ignored = logger.columns.filter((c) => c.state === "ignored").length;
  return (
    <section className="panel" data-testid={`logger-${logger.serial}`} aria-label={`Logger ${logger.serial}`}>
      <h2>
        {logger.make} {logger.model ?? ""} · {logger.serial}
      </h2>
      <p className="muted">
        Stamps in {logger.timeZone ?? "the station's zone"}, {logger.averagingSeconds / 60} min averages, stamped at the period&apos;s{" "}
        {logger.timestampsAtEnd ? "end" : "start"} ·{" "}
        <span data-testid="column-states">
          {mapped} column(s) mapped, {ignored} ignored, {held.length} held
        </span>
      </p>
      {canUpload && <UploadLoggerFile logger={logger} maxBytes={maxBytes} onChanged={onChanged} />}
      {canUpload && held.length > 0 && (
        <div data-testid="held-columns">
          <h3>Columns held for a decision</h3>
          <p className="muted">Later files brought these columns; their readings wait in the kept files until you map or ignore them.</p>
          <ColumnMapping
            columns={held.map((c) => ({ name: c.name, unit: c.unit, processing: c.processing, proposal: c.proposal as ProposedColumn["proposal"] }))}
            confirmLabel="Save held columns"
            pending={decide.isPending}
            onConfirm={(decisions) => decide.mutate({ loggerId: logger.id, decisions })}
          />
          <FormError message={decide.error && errorMessage(decide.error)} />
        </div>
      )}
      <FilesTable files={logger.imports} retentionDays={retentionDays} canDownload={canUpload} onChanged={onChanged} />
    </section>
  );
}

interface PendingFile {
  fileName: string;
  contentBase64: string;
  readOptions: { timeFormat?: string };
}

function UploadLoggerFile({ logger, maxBytes, onChanged }: { logger: Logger; maxBytes: number; onChanged: () => void }) {
  const trpc = useTRPC();
  const { zone } = useTimeZone();
  const [file, setFile] = useState<File | null>(null);
  const [timeFormat, setTimeFormat] = useState("");
  const [pending, setPending] = useState<PendingFile | null>(null);
  const [proposed, setProposed] = useState<ProposedColumn[] | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const importFile = useMutation(trpc.stations.importFile.mutationOptions());

  const send = (upload: PendingFile, decisions: ColumnDecision[]) =>
    importFile.mutate(
      { loggerId: logger.id, ...upload, decisions },
      {
        onSuccess: (result) => {
          if (result.needsMapping) {
            setPending(upload);
            setProposed(result.columns.filter((c) => c.state !== "mapped" && c.state !== "ignored"));
            setOutcome(
              `${upload.fileName}: ${result.rows} rows, ${formatInZone(result.firstAt, zone)} to ${formatInZone(result.lastAt, zone)}. This logger's first file: confirm the measurement points its columns propose.`,
            );
            return;
          }
          setPending(null);
          setProposed(null);
          const held = result.held.length ? ` Held for a decision: ${result.held.join(", ")}.` : "";
          setOutcome(result.alreadyImported ? `Already imported: ${upload.fileName}; nothing to do.` : `Queued: ${upload.fileName}.${held}`);
          onChanged();
        },
      },
    );

  const read = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setOutcome(null);
    setProposed(null);
    if (file.size > maxBytes)
      return setProblem(`${file.name} is ${(file.size / 1_048_576).toFixed(1)} MiB; files up to ${(maxBytes / 1_048_576).toFixed(1)} MiB can be imported.`);
    setProblem(null);
    send({ fileName: file.name, contentBase64: await fileBase64(file), readOptions: timeFormat.trim() ? { timeFormat: timeFormat.trim() } : {} }, []);
  };

  return (
    <div>
      <form className="form-row" onSubmit={read} aria-label={`Import a file of logger ${logger.serial}`}>
        <label className="field">
          File of this logger
          <input type="file" accept=".csv,.dat,.txt,.tsv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} required />
        </label>
        <label className="field">
          Time format (if not detected)
          <input value={timeFormat} onChange={(e) => setTimeFormat(e.target.value)} placeholder="dd/MM/yyyy HH:mm" />
        </label>
        <button type="submit" disabled={!file || importFile.isPending} style={{ marginBottom: 12 }}>
          Import file
        </button>
      </form>
      <FormError message={problem ?? (importFile.error && errorMessage(importFile.error))} />
      {outcome && (
        <p className="notice" role="status">
          {outcome}
        </p>
      )}
      {pending && proposed && (
        <ColumnMapping
          key={pending.fileName + pending.contentBase64.length}
          columns={proposed}
          confirmLabel="Confirm points and import"
          pending={importFile.isPending}
          onConfirm={(decisions) => send(pending, decisions)}
          onCancel={() => (setPending(null), setProposed(null), setOutcome(null))}
        />
      )}
    </div>
  );
}
