"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/ui/form-error";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";
import { formatUtc } from "./format-utc";

interface Upload {
  fileName: string;
  content: string;
  timeZone: string;
  sourceId: string;
}

const IGNORE = "";

export function UploadImport({ maxBytes, onChanged }: { maxBytes: number; onChanged: () => void }) {
  const trpc = useTRPC();
  const sources = useQuery(trpc.imports.sources.queryOptions());
  const [file, setFile] = useState<File | null>(null);
  const [timeZone, setTimeZone] = useState(() => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC");
  const [sourceId, setSourceId] = useState("");
  const [upload, setUpload] = useState<Upload | null>(null);
  const [columnMap, setColumnMap] = useState<Record<string, string>>({});
  const [outcome, setOutcome] = useState<string | null>(null);
  const [tooLarge, setTooLarge] = useState<string | null>(null);
  const preview = useMutation(trpc.imports.preview.mutationOptions());
  const create = useMutation(trpc.imports.create.mutationOptions());

  const read = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setOutcome(null);
    // Refused here too, so a large file is not sent only to be refused by the server.
    setTooLarge(file.size > maxBytes ? `${file.name} is ${(file.size / 1_048_576).toFixed(1)} MiB; files up to ${(maxBytes / 1_048_576).toFixed(1)} MiB can be imported.` : null);
    if (file.size > maxBytes) return;
    create.reset();
    const next = { fileName: file.name, content: await file.text(), timeZone, sourceId };
    preview.mutate(next, {
      onSuccess: (result) => {
        setUpload(next);
        setColumnMap(Object.fromEntries(result.columns.map((c) => [c.name, c.sensorKey ?? IGNORE])));
      },
    });
  };

  const confirm = () => {
    if (!upload) return;
    const map = Object.fromEntries(Object.entries(columnMap).map(([column, key]) => [column, key === IGNORE ? null : key]));
    create.mutate(
      { fileName: upload.fileName, content: upload.content, timeZone: upload.timeZone, sourceId: upload.sourceId || null, columnMap: map },
      {
        onSuccess: (result) => {
          setOutcome(result.alreadyImported ? `Already imported: ${result.import.fileName} (${result.import.status}); nothing to do.` : `Queued: ${upload.fileName}.`);
          setUpload(null);
          preview.reset();
          onChanged();
        },
      },
    );
  };

  const shown = upload && preview.data;
  return (
    <section className="panel">
      <h2>Import a logger file</h2>
      <form className="form-row" onSubmit={read} aria-label="Upload logger file">
        <label className="field">Logger file<input type="file" accept=".csv,.dat,.txt,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} required /></label>
        <label className="field">Time zone of its timestamps<input value={timeZone} onChange={(e) => setTimeZone(e.target.value)} required list="time-zones" /></label>
        <datalist id="time-zones">{Intl.supportedValuesOf("timeZone").map((z) => <option key={z} value={z} />)}</datalist>
        <label className="field">
          Source
          <select value={sourceId} onChange={(e) => setSourceId(e.target.value)}>
            <option value="">—</option>
            {sources.data?.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </select>
        </label>
        <button type="submit" disabled={!file || preview.isPending} style={{ marginBottom: 12 }}>Read file</button>
      </form>
      <FormError message={tooLarge ?? (preview.error && errorMessage(preview.error))} />
      {outcome && <p className="notice" role="status">{outcome}</p>}
      {shown && (
        <div data-testid="import-preview">
          <p>
            {preview.data.format === "toa5" ? `TOA5 from ${preview.data.station} (${preview.data.table})` : "CSV"}: <strong data-testid="preview-rows">{preview.data.rows}</strong> rows,{" "}
            {formatUtc(preview.data.firstAt)} to {formatUtc(preview.data.lastAt)}.
            {preview.data.unmapped.length > 0 && ` ${preview.data.unmapped.length} column(s) match no sensor: map them or leave them ignored.`}
          </p>
          <table className="data">
            <thead><tr><th>Column</th><th>Unit</th><th>Sensor</th></tr></thead>
            <tbody>
              {preview.data.columns.map((c) => (
                <tr key={c.name}>
                  <td>{c.name} {c.sensorKey === null && <span className="badge warn">unknown column</span>}</td>
                  <td className="muted">{c.unit ?? "—"}{c.processing ? ` (${c.processing})` : ""}</td>
                  <td>
                    <select aria-label={`Sensor for ${c.name}`} value={columnMap[c.name] ?? IGNORE} onChange={(e) => setColumnMap({ ...columnMap, [c.name]: e.target.value })}>
                      <option value={IGNORE}>— ignore —</option>
                      {preview.data.sensors.map((s) => <option key={s.key} value={s.key}>{s.key}{s.name !== s.key ? ` (${s.name})` : ""}</option>)}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="form-row" style={{ marginTop: 12 }}>
            <button className="primary" type="button" disabled={create.isPending} onClick={confirm}>Import</button>
            <button type="button" onClick={() => (setUpload(null), preview.reset())}>Cancel</button>
          </div>
          <FormError message={create.error && errorMessage(create.error)} />
        </div>
      )}
    </section>
  );
}
