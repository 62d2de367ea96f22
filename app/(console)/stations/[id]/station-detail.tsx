"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState, type FormEvent } from "react";
import { FormError } from "@/components/ui/form-error";
import { fileBase64 } from "@/app/_lib/file-base64";
import { errorMessage, useTRPC, type RouterOutputs } from "@/app/_lib/trpc";
import { formatUtc } from "../../imports/format-utc";
import { ColumnMapping, type ColumnDecision, type ProposedColumn } from "./column-mapping";

type Station = RouterOutputs["stations"]["get"];
type Logger = Station["loggers"][number];

/** A station: its loggers (each with a file upload that asks for a mapping only once), points and files. */
export function StationDetail({ stationId, canUpload, canEdit, maxBytes }: { stationId: string; canUpload: boolean; canEdit: boolean; maxBytes: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const station = useQuery(
    trpc.stations.get.queryOptions({ id: stationId }, {
      // While a file is on its way the list follows its status.
      refetchInterval: (q) => (q.state.data?.loggers.some((l) => l.imports.some((i) => i.status === "queued" || i.status === "running")) ? 1_500 : false),
    }),
  );
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.stations.get.queryKey({ id: stationId }) });
  if (station.error) return <FormError message={errorMessage(station.error)} />;
  const s = station.data;
  if (!s) return <p className="muted">Loading…</p>;
  return (
    <>
      <p className="muted"><Link href="/stations">Stations</Link> / {s.name}</p>
      <div className="topbar"><h1>{s.name}</h1></div>
      <section className="panel grid" aria-label="Station">
        <div><div className="muted">Type</div><div>{s.type}</div></div>
        <div><div className="muted">Position</div><div>{s.latitude ?? "—"}, {s.longitude ?? "—"}{s.elevationM !== null ? ` · ${s.elevationM} m` : ""}</div></div>
        <div><div className="muted">Time zone</div><div>{s.timeZone}</div></div>
        <div><div className="muted">Region</div><div>{s.region}</div></div>
      </section>
      {s.loggers.map((logger) => <LoggerPanel key={logger.id} logger={logger} retentionDays={s.fileRetention.days} canUpload={canUpload} maxBytes={maxBytes} onChanged={refresh} />)}
      {s.loggers.length === 0 && <p className="muted">No loggers yet{canEdit ? ": add one to import its files." : "."}</p>}
      {canEdit && <AddLoggerForm stationId={s.id} onChanged={refresh} />}
      <PointsTable points={s.points} canConfigure={canUpload} onChanged={refresh} />
      <RecoveryTable stationId={s.id} refreshKey={s.loggers.flatMap((l) => l.imports.map((i) => i.status)).join()} />
    </>
  );
}

function LoggerPanel({ logger, retentionDays, canUpload, maxBytes, onChanged }: { logger: Logger; retentionDays: number; canUpload: boolean; maxBytes: number; onChanged: () => void }) {
  const trpc = useTRPC();
  const held = logger.columns.filter((c) => c.state === "held");
  const decide = useMutation(trpc.stations.decideColumns.mutationOptions({ onSuccess: onChanged }));
  const mapped = logger.columns.filter((c) => c.state === "mapped").length;
  const ignored = logger.columns.filter((c) => c.state === "ignored").length;
  return (
    <section className="panel" data-testid={`logger-${logger.serial}`} aria-label={`Logger ${logger.serial}`}>
      <h2>{logger.make} {logger.model ?? ""} · {logger.serial}</h2>
      <p className="muted">
        Stamps in {logger.timeZone ?? "the station's zone"}, {logger.averagingSeconds / 60} min averages, stamped at the period&apos;s {logger.timestampsAtEnd ? "end" : "start"} ·{" "}
        <span data-testid="column-states">{mapped} column(s) mapped, {ignored} ignored, {held.length} held</span>
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

interface PendingFile { fileName: string; contentBase64: string; readOptions: { timeFormat?: string } }

function UploadLoggerFile({ logger, maxBytes, onChanged }: { logger: Logger; maxBytes: number; onChanged: () => void }) {
  const trpc = useTRPC();
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
            setOutcome(`${upload.fileName}: ${result.rows} rows, ${formatUtc(result.firstAt === null ? null : new Date(result.firstAt))} to ${formatUtc(result.lastAt === null ? null : new Date(result.lastAt))}. This logger's first file: confirm the measurement points its columns propose.`);
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
    if (file.size > maxBytes) return setProblem(`${file.name} is ${(file.size / 1_048_576).toFixed(1)} MiB; files up to ${(maxBytes / 1_048_576).toFixed(1)} MiB can be imported.`);
    setProblem(null);
    send({ fileName: file.name, contentBase64: await fileBase64(file), readOptions: timeFormat.trim() ? { timeFormat: timeFormat.trim() } : {} }, []);
  };

  return (
    <div>
      <form className="form-row" onSubmit={read} aria-label={`Import a file of logger ${logger.serial}`}>
        <label className="field">File of this logger<input type="file" accept=".csv,.dat,.txt,.tsv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} required /></label>
        <label className="field">Time format (if not detected)<input value={timeFormat} onChange={(e) => setTimeFormat(e.target.value)} placeholder="dd/MM/yyyy HH:mm" /></label>
        <button type="submit" disabled={!file || importFile.isPending} style={{ marginBottom: 12 }}>Import file</button>
      </form>
      <FormError message={problem ?? (importFile.error && errorMessage(importFile.error))} />
      {outcome && <p className="notice" role="status">{outcome}</p>}
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

const DAY_MS = 86_400_000;

function FilesTable({ files, retentionDays, canDownload, onChanged }: { files: Logger["imports"]; retentionDays: number; canDownload: boolean; onChanged: () => void }) {
  if (files.length === 0) return <p className="muted">No files imported yet.</p>;
  return (
    <table className="data" data-testid="logger-files">
      <thead><tr><th>File</th><th>Status</th><th>Rows</th><th>Points</th><th>Period</th><th>Held columns</th><th>Conflicts with earlier files</th><th>Received</th><th>Original (retention: logger files)</th></tr></thead>
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
            <td className="muted">{formatUtc(f.firstAt)} – {formatUtc(f.lastAt)}</td>
            <td>{f.heldColumns.join(", ") || "—"}</td>
            <td data-testid="conflicts">
              {conflicts === 0 ? "—" : cross?.replaced ? <span className="badge">{conflicts} value(s) replaced by this file</span> : (
                <>
                  <span className="badge warn">{conflicts} value(s) differ; earlier kept</span>
                  {canDownload && kept && <ReplaceConflicts importId={f.id} onChanged={onChanged} />}
                </>
              )}
            </td>
            <td className="muted">{formatUtc(f.createdAt)}{f.source ? ` · ${f.source.name}` : f.createdBy ? ` · ${f.createdBy}` : ""}</td>
            <td data-testid="original">
              {kept && canDownload ? <a href={`/api/imports/${f.id}/file`} download={f.fileName}>Download ({(f.originalBytes! / 1024).toFixed(1)} KiB)</a> : kept ? "kept" : "expired"}
              <span className="muted"> · until {until.toISOString().slice(0, 10)}</span>
            </td>
          </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function PointsTable({ points, canConfigure, onChanged }: { points: Station["points"]; canConfigure: boolean; onChanged: () => void }) {
  return (
    <section className="panel">
      <h2>Measurement points</h2>
      <table className="data" data-testid="station-points">
        <thead><tr><th>Point</th><th>Quantity</th><th>Height</th><th>Orientation</th><th>Statistic</th><th>Unit</th><th>Latest</th><th>Configuration (newest of versions)</th></tr></thead>
        <tbody>
          {points.map((p) => (
            <tr key={p.id} data-testid={`point-${p.name}`}>
              <td><Link href={`/sensors/${encodeURIComponent(p.sensor.key)}`}>{p.name}</Link></td>
              <td>{p.quantity}</td>
              <td>{p.heightM !== null ? `${p.heightM} m` : "—"}</td>
              <td>{p.orientation ?? "—"}</td>
              <td>{p.statistic}</td>
              <td>{p.unit}</td>
              <td className="muted">{p.sensor.lastValue ?? "—"}{p.sensor.lastReadingAt ? ` · ${formatUtc(p.sensor.lastReadingAt)}` : ""}</td>
              <td data-testid="point-config">
                {p.configs[0] ? (
                  <>
                    from {formatUtc(p.configs[0].dateFrom).slice(0, 10)}{p.configs[0].dateTo ? ` to ${formatUtc(p.configs[0].dateTo).slice(0, 10)}` : ""}
                    {p.configs[0].sensorSerial ? ` · sensor ${p.configs[0].sensorSerial}` : ""}
                    {p.configs[0].certificate ? ` · certificate ${p.configs[0].certificate}` : ""}
                    {p.configs[0].calibrationSlope !== null ? ` · calibration ${p.configs[0].calibrationSlope} / ${p.configs[0].calibrationOffset}` : ""}
                    <span className="muted"> ({p.configs.length} version{p.configs.length > 1 ? "s" : ""})</span>
                  </>
                ) : <span className="muted">—</span>}
              </td>
            </tr>
          ))}
          {points.length === 0 && <tr><td colSpan={8} className="muted">No points yet: import a logger&apos;s first file.</td></tr>}
        </tbody>
      </table>
      {canConfigure && points.length > 0 && <PointConfigForm points={points} onChanged={onChanged} />}
    </section>
  );
}

const numberOrNull = (v: FormDataEntryValue | null) => (v === null || String(v).trim() === "" ? null : Number(v));
const dateOrNull = (v: FormDataEntryValue | null) => (v === null || String(v).trim() === "" ? null : new Date(`${v}T00:00:00Z`));

/** A new dated version of a point's configuration: mounting, logger programming, calibration certificate. */
function PointConfigForm({ points, onChanged }: { points: Station["points"]; onChanged: () => void }) {
  const trpc = useTRPC();
  const save = useMutation(trpc.stations.setPointConfig.mutationOptions({ onSuccess: onChanged }));
  const submit = (form: FormData) => {
    const text = (name: string) => String(form.get(name) ?? "").trim() || null;
    save.mutate({
      pointId: String(form.get("pointId")), dateFrom: dateOrNull(form.get("dateFrom"))!, dateTo: dateOrNull(form.get("dateTo")),
      heightM: numberOrNull(form.get("heightM")), orientation: text("orientation"), sensorSerial: text("sensorSerial"),
      loggerSlope: numberOrNull(form.get("loggerSlope")) ?? 1, loggerOffset: numberOrNull(form.get("loggerOffset")) ?? 0, sensitivity: numberOrNull(form.get("sensitivity")),
      calibrationSlope: numberOrNull(form.get("calibrationSlope")), calibrationOffset: numberOrNull(form.get("calibrationOffset")),
      calibrationDate: dateOrNull(form.get("calibrationDate")), certificate: text("certificate"), notes: text("notes"),
    });
  };
  return (
    <details style={{ marginTop: 12 }}>
      <summary>Add a configuration version</summary>
      <form action={submit} className="form-row" aria-label="Add a configuration version">
        <label className="field">Point<select name="pointId">{points.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}</select></label>
        <label className="field">Valid from (UTC)<input name="dateFrom" type="date" required /></label>
        <label className="field">Valid to<input name="dateTo" type="date" /></label>
        <label className="field">Height (m)<input name="heightM" type="number" step="any" /></label>
        <label className="field">Orientation<input name="orientation" maxLength={10} size={4} /></label>
        <label className="field">Sensor serial<input name="sensorSerial" maxLength={100} /></label>
        <label className="field">Logger slope<input name="loggerSlope" type="number" step="any" defaultValue={1} /></label>
        <label className="field">Logger offset<input name="loggerOffset" type="number" step="any" defaultValue={0} /></label>
        <label className="field">Sensitivity<input name="sensitivity" type="number" step="any" /></label>
        <label className="field">Calibration slope<input name="calibrationSlope" type="number" step="any" /></label>
        <label className="field">Calibration offset<input name="calibrationOffset" type="number" step="any" /></label>
        <label className="field">Calibration date<input name="calibrationDate" type="date" /></label>
        <label className="field">Certificate<input name="certificate" maxLength={200} /></label>
        <label className="field">Notes<input name="notes" maxLength={1000} /></label>
        <button className="primary" type="submit" disabled={save.isPending}>Save version</button>
      </form>
      {save.isSuccess && <p className="notice" role="status">Saved{save.data.correction ? `: readings from then on are corrected × ${save.data.correction.slope.toFixed(4)} + ${save.data.correction.offset.toFixed(4)}` : ""}.</p>}
      <FormError message={save.error && errorMessage(save.error)} />
    </details>
  );
}

function AddLoggerForm({ stationId, onChanged }: { stationId: string; onChanged: () => void }) {
  const trpc = useTRPC();
  const create = useMutation(trpc.stations.createLogger.mutationOptions({ onSuccess: onChanged }));
  const submit = (form: FormData) => {
    const text = (name: string) => String(form.get(name) ?? "").trim();
    create.mutate({
      stationId, make: text("make"), model: text("model") || null, serial: text("serial"), timeZone: text("timeZone") || null,
      averagingSeconds: Number(text("averagingMinutes")) * 60, timestampsAtEnd: form.get("timestampsAtEnd") === "on",
    });
  };
  return (
    <details className="panel">
      <summary>Add a logger</summary>
      <form action={submit} className="form-row" aria-label="Add a logger">
        <label className="field">Make<input name="make" required maxLength={100} placeholder="Campbell Scientific" /></label>
        <label className="field">Model<input name="model" maxLength={100} placeholder="CR1000X" /></label>
        <label className="field">Serial<input name="serial" required maxLength={100} /></label>
        <label className="field">Logger time zone (empty: the station&apos;s)<input name="timeZone" maxLength={64} /></label>
        <label className="field">Averaging (min)<input name="averagingMinutes" type="number" min={1} max={1440} defaultValue={10} required /></label>
        <label className="field"><span><input type="checkbox" name="timestampsAtEnd" /> Stamps mark the period end</span></label>
        <button className="primary" type="submit" disabled={create.isPending}>Add logger</button>
      </form>
      <FormError message={create.error && errorMessage(create.error)} />
    </details>
  );
}

function recoveryClass(percent: number): string {
  return percent >= 90 ? "badge ok" : percent >= 50 ? "badge warn" : "badge bad";
}

/** Data recovery rate (%) per point per UTC day: records present / records the averaging period allows. */
function RecoveryTable({ stationId, refreshKey }: { stationId: string; refreshKey: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const recovery = useQuery(trpc.stations.recovery.queryOptions({ id: stationId, days: 14 }));
  // A file finishing changes the figures: read them again whenever an import's status moves.
  useEffect(() => void queryClient.invalidateQueries({ queryKey: trpc.stations.recovery.queryKey({ id: stationId, days: 14 }) }), [refreshKey, stationId, queryClient, trpc]);
  const r = recovery.data;
  return (
    <section className="panel">
      <h2>Data recovery by day</h2>
      <FormError message={recovery.error && errorMessage(recovery.error)} />
      {r && r.points.length === 0 && <p className="muted">No readings yet.</p>}
      {r && r.points.length > 0 && (
        <div style={{ overflowX: "auto" }}>
          <table className="data" data-testid="station-recovery">
            <thead><tr><th>Point</th><th>Period</th>{r.days.map((d) => <th key={d}>{d.slice(5)}</th>)}</tr></thead>
            <tbody>
              {r.points.map((p) => (
                <tr key={p.pointId} data-testid={`recovery-${p.name}`}>
                  <td>{p.name}</td>
                  <td data-testid="recovery-total">{p.percent}%</td>
                  {p.days.map((d, i) => (
                    <td key={r.days[i]} data-testid={`recovery-${r.days[i]}`} title={`${d.count} of ${p.expectedPerDay} records`}>
                      {d.count ? <span className={recoveryClass(d.percent)}>{d.percent}%</span> : <span className="muted">0%</span>}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The operator's word that this file's values win over the earlier file's where they differ. */
function ReplaceConflicts({ importId, onChanged }: { importId: string; onChanged: () => void }) {
  const trpc = useTRPC();
  const replace = useMutation(trpc.stations.replaceConflicts.mutationOptions({ onSuccess: onChanged }));
  return (
    <>
      {" "}<button type="button" disabled={replace.isPending || replace.isSuccess} onClick={() => replace.mutate({ importId })}>{replace.isSuccess ? "Queued" : "Let this file win"}</button>
      <FormError message={replace.error && errorMessage(replace.error)} />
    </>
  );
}
