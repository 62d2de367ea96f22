"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/ui/form-error";
import { fileBase64 } from "@/app/_lib/file-base64";
import { errorMessage, useTRPC } from "@/app/_lib/trpc";
import { Time } from "@/components/ui/time";

interface Upload {
  fileName: string;
  contentBase64: string;
  timeZone: string;
  readOptions: { timeFormat?: string; skipRows?: number; timestampsAtEnd?: boolean };
  sourceId: string;
}

const IGNORE = "";
const formatNames: Record<string, string> = { csv: "Delimited text", nrg: "NRG SymphoniePRO export", windographer: "Windographer export" };

export function UploadImport({ maxBytes, onChanged }: { maxBytes: number; onChanged: () => void }) {
  const trpc = useTRPC();
  const sources = useQuery(trpc.imports.sources.queryOptions());
  const [file, setFile] = useState<File | null>(null);
  const [timeZone, setTimeZone] = useState(() => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC");
  const [sourceId, setSourceId] = useState("");
  const [timeFormat, setTimeFormat] = useState("");
  const [skipRows, setSkipRows] = useState("");
  const [timestampsAtEnd, setTimestampsAtEnd] = useState(false);
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
    setTooLarge(
      file.size > maxBytes
        ? `${file.name} is ${(file.size / 1_048_576).toFixed(1)} MiB; files up to ${(maxBytes / 1_048_576).toFixed(1)} MiB can be imported.`
        : null,
    );
    if (file.size > maxBytes) return;
    create.reset();
    const readOptions = {
      ...(timeFormat.trim() ? { timeFormat: timeFormat.trim() } : {}),
      ...(skipRows.trim() ? { skipRows: Number(skipRows) } : {}),
      ...(timestampsAtEnd ? { timestampsAtEnd } : {}),
    };
    const next = { fileName: file.name, contentBase64: await fileBase64(file), timeZone, readOptions, sourceId };
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
      {
        fileName: upload.fileName,
        contentBase64: upload.contentBase64,
        timeZone: upload.timeZone,
        readOptions: upload.readOptions,
        sourceId: upload.sourceId || null,
        columnMap: map,
      },
      {
        onSuccess: (result) => {
          setOutcome(
            result.alreadyImported ? `Already imported: ${result.import.fileName} (${result.import.status}); nothing to do.` : `Queued: ${upload.fileName}.`,
          );
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
        <label className="field">
          Logger file
          <input type="file" accept=".csv,.dat,.txt,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} required />
        </label>
        <label className="field">
          Time zone of its timestamps
          <input value={timeZone} onChange={(e) => setTimeZone(e.target.value)} required list="time-zones" />
        </label>
        <label className="field">
          Time format (if not detected)
          <input value={timeFormat} onChange={(e) => setTimeFormat(e.target.value)} placeholder="dd/MM/yyyy HH:mm" />
        </label>
        <label className="field">
          Lines before the header
          <input value={skipRows} onChange={(e) => setSkipRows(e.target.value)} inputMode="numeric" placeholder="0" size={4} />
        </label>
        <label className="field">
          <span>
            <input type="checkbox" checked={timestampsAtEnd} onChange={(e) => setTimestampsAtEnd(e.target.checked)} /> Stamps mark the period end
          </span>
        </label>
        <datalist id="time-zones">
          {Intl.supportedValuesOf("timeZone").map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        <label className="field">
          Source
          <select value={sourceId} onChange={(e) => setSourceId(e.target.value)}>
            <option value="">—</option>
            {sources.data?.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={!file || preview.isPending} style={{ marginBottom: 12 }}>
          Read file
        </button>
      </form>
      <FormError message={tooLarge ?? (preview.error && errorMessage(preview.error))} />
      {outcome && (
        <p className="notice" role="status">
          {outcome}
        </p>
      )}
      {shown && (
        <div data-testid="import-preview">
          <p>
            {preview.data.format === "toa5" ? `TOA5 from ${preview.data.station} (${preview.data.table})` : (formatNames[preview.data.format] ?? "CSV")}:{" "}
            <strong data-testid="preview-rows">{preview.data.rows}</strong> rows, <Time value={preview.data.firstAt} /> to <Time value={preview.data.lastAt} />.
            {preview.data.unmapped.length > 0 && ` ${preview.data.unmapped.length} column(s) match no sensor: map them or leave them ignored.`}
          </p>
          <ReadReport report={preview.data.report} />
          <table className="data">
            <thead>
              <tr>
                <th>Column</th>
                <th>Unit</th>
                <th>Sensor</th>
              </tr>
            </thead>
            <tbody>
              {preview.data.columns.map((c) => (
                <tr key={c.name}>
                  <td>
                    {c.name} {c.sensorKey === null && <span className="badge warn">unknown column</span>}
                  </td>
                  <td className="muted">
                    {c.unit ?? "—"}
                    {c.processing ? ` (${c.processing})` : ""}
                  </td>
                  <td>
                    <select
                      aria-label={`Sensor for ${c.name}`}
                      value={columnMap[c.name] ?? IGNORE}
                      onChange={(e) => setColumnMap({ ...columnMap, [c.name]: e.target.value })}
                    >
                      <option value={IGNORE}>— ignore —</option>
                      {preview.data.sensors.map((s) => (
                        <option key={s.key} value={s.key}>
                          {s.key}
                          {s.name !== s.key ? ` (${s.name})` : ""}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="form-row" style={{ marginTop: 12 }}>
            <button className="primary" type="button" disabled={create.isPending} onClick={confirm}>
              Import
            </button>
            <button type="button" onClick={() => (setUpload(null), preview.reset())}>
              Cancel
            </button>
          </div>
          <FormError message={create.error && errorMessage(create.error)} />
        </div>
      )}
    </section>
  );
}

function ReadReport({
  report,
}: {
  report: {
    duplicateRows: number;
    conflicts: unknown[];
    clockJumps: unknown[];
    gaps: unknown[];
    truncatedLastLine: number | null;
    columnsAdded: Array<{ line: number; columns: string[] }>;
    timeFormat: string | null;
    encoding: string;
  };
}) {
  const notes = [
    report.duplicateRows ? `${report.duplicateRows} duplicated row(s) skipped` : null,
    report.conflicts.length ? `${report.conflicts.length} repeated time(s) with other values (the first kept)` : null,
    report.clockJumps.length ? `${report.clockJumps.length} clock jump(s)` : null,
    report.gaps.length ? `${report.gaps.length} gap(s)` : null,
    report.truncatedLastLine ? `last line (${report.truncatedLastLine}) cut short: not imported` : null,
    ...report.columnsAdded.map((a) => `column(s) ${a.columns.join(", ")} added at line ${a.line}`),
  ].filter(Boolean);
  return (
    <p className="muted" data-testid="read-report">
      Read as {report.encoding}, times as {report.timeFormat}.{notes.length > 0 && ` ${notes.join("; ")}.`}
    </p>
  );
}
