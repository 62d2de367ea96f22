"use client";

import { useMemo, useState, type FormEvent } from "react";
import type { z } from "zod";
import type { jobDefinitionFields } from "@/server/jobs/schemas";
import { priorityLabels } from "@/server/queues/priority-labels";
import { FormError } from "../ui/form-error";
import { refusedField } from "../ui/refused-field";
import { ParamsFields, type ParamSchema } from "./params-fields";

export type JobDefinitionInput = z.input<typeof jobDefinitionFields>;

export interface JobKindOption {
  name: string;
  title: string;
  description: string;
  paramsSchema: unknown;
}

/** What the form edits; a saved definition has these columns. */
export interface JobDefinitionValues {
  name: string;
  kind: string;
  params: unknown;
  priority: keyof typeof priorityLabels;
  complexity: "simple" | "moderate" | "complex";
  cron: string | null;
  timeZone: string;
  intervalMs: number | null;
  timeoutMs: number;
  maxAttempts: number | null;
  scopeWeight: number;
  deadlineMs: number | null;
  enabled: boolean;
}

type ScheduleType = "none" | "interval" | "cron";

/** Fields that show a refusal beside them; a refusal naming anything else shows above the form. */
const FIELDS_WITH_ERRORS = [
  "name",
  "kind",
  "params",
  "schedule.everyMs",
  "schedule.cron",
  "schedule.timeZone",
  "timeoutMs",
  "maxAttempts",
  "scopeWeight",
  "deadlineMs",
];
const covers = (field: string, named: string | null) => named !== null && (named === field || named.startsWith(`${field}.`));

function FieldError({ field, error }: { field: string; error: string | null }) {
  if (!covers(field, refusedField(error))) return null;
  return (
    <span className="error" role="alert" data-testid={`error-${field}`}>
      {error}
    </span>
  );
}

const timeZones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : ["UTC"];

export function JobDefinitionForm({
  kinds,
  initial,
  error: refusal,
  busy,
  onSubmit,
  onCancel,
}: {
  kinds: JobKindOption[];
  initial?: JobDefinitionValues;
  error: string | null;
  busy: boolean;
  onSubmit: (fields: JobDefinitionInput) => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState(initial?.name ?? "");
  const [kind, setKind] = useState(initial?.kind ?? kinds[0]?.name ?? "");
  const [params, setParams] = useState<Record<string, unknown>>((initial?.params as Record<string, unknown>) ?? {});
  const [paramsValid, setParamsValid] = useState(true);
  const [priority, setPriority] = useState(initial?.priority ?? "P2");
  const [complexity, setComplexity] = useState(initial?.complexity ?? "simple");
  const [scheduleType, setScheduleType] = useState<ScheduleType>(initial?.cron ? "cron" : initial?.intervalMs ? "interval" : "none");
  const [cron, setCron] = useState(initial?.cron ?? "0 * * * *");
  const [timeZone, setTimeZone] = useState(initial?.timeZone ?? "UTC");
  const [everySeconds, setEverySeconds] = useState(String((initial?.intervalMs ?? 60_000) / 1000));
  const [timeoutSeconds, setTimeoutSeconds] = useState(String((initial?.timeoutMs ?? 600_000) / 1000));
  const [maxAttempts, setMaxAttempts] = useState(initial?.maxAttempts ? String(initial.maxAttempts) : "");
  const [scopeWeight, setScopeWeight] = useState(String(initial?.scopeWeight ?? 1));
  const [deadlineSeconds, setDeadlineSeconds] = useState(initial?.deadlineMs ? String(initial.deadlineMs / 1000) : "");
  const [enabled, setEnabled] = useState(initial?.enabled ?? true);
  const kindInfo = useMemo(() => kinds.find((k) => k.name === kind), [kinds, kind]);
  // An update's fields sit under "fields" in its input; the person editing them thinks of "params.ms".
  const error = refusal?.replace(/^fields\./, "") ?? null;
  const named = refusedField(error);
  const shownError = FIELDS_WITH_ERRORS.some((field) => covers(field, named)) ? null : error;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit({
      name,
      kind,
      params,
      priority,
      complexity,
      schedule:
        scheduleType === "cron"
          ? { type: "cron", cron, timeZone }
          : scheduleType === "interval"
            ? { type: "interval", everyMs: Math.round(Number(everySeconds) * 1000) }
            : { type: "none" },
      timeoutMs: Math.round(Number(timeoutSeconds) * 1000),
      maxAttempts: maxAttempts ? Number(maxAttempts) : null,
      scopeWeight: Number(scopeWeight),
      deadlineMs: deadlineSeconds ? Math.round(Number(deadlineSeconds) * 1000) : null,
      enabled,
    });
  };

  return (
    <form className="panel" onSubmit={submit} aria-label={initial ? `Edit ${initial.name}` : "New job"}>
      <h2>{initial ? `Edit ${initial.name}` : "New job"}</h2>
      <FormError message={shownError} />
      <div className="form-row">
        <label className="field">
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
          <FieldError field="name" error={error} />
        </label>
        <label className="field">
          Kind
          <select
            value={kind}
            onChange={(e) => {
              setKind(e.target.value);
              setParams({});
            }}
          >
            {kinds.map((k) => (
              <option key={k.name} value={k.name}>
                {k.title} ({k.name})
              </option>
            ))}
          </select>
          <FieldError field="kind" error={error} />
        </label>
        <label className="field">
          Priority
          <select value={priority} onChange={(e) => setPriority(e.target.value as typeof priority)}>
            {Object.entries(priorityLabels).map(([p, label]) => (
              <option key={p} value={p}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Complexity
          <select value={complexity} onChange={(e) => setComplexity(e.target.value as typeof complexity)}>
            <option value="simple">simple (3 attempts, 1 s apart)</option>
            <option value="moderate">moderate (5 attempts, linear)</option>
            <option value="complex">complex (7 attempts, exponential)</option>
          </select>
        </label>
      </div>
      {kindInfo && <p className="muted">{kindInfo.description}</p>}
      {kindInfo && (
        <ParamsFields
          key={kind}
          schema={kindInfo.paramsSchema as ParamSchema}
          value={params}
          onChange={(v, valid) => {
            setParams(v);
            setParamsValid(valid);
          }}
        />
      )}
      <FieldError field="params" error={error} />
      <fieldset className="params">
        <legend>Schedule</legend>
        <div className="form-row">
          <label className="field">
            Runs
            <select value={scheduleType} onChange={(e) => setScheduleType(e.target.value as ScheduleType)} aria-label="Schedule type">
              <option value="none">on demand</option>
              <option value="interval">every …</option>
              <option value="cron">on a cron schedule</option>
            </select>
          </label>
          {scheduleType === "interval" && (
            <label className="field">
              Every (seconds)
              <input type="number" min={1} step="any" value={everySeconds} onChange={(e) => setEverySeconds(e.target.value)} />
              <FieldError field="schedule.everyMs" error={error} />
            </label>
          )}
          {scheduleType === "cron" && (
            <>
              <label className="field">
                Cron
                <input className="mono" value={cron} onChange={(e) => setCron(e.target.value)} placeholder="*/5 * * * *" />
                <FieldError field="schedule.cron" error={error} />
              </label>
              <label className="field">
                Time zone
                <input list="time-zones" value={timeZone} onChange={(e) => setTimeZone(e.target.value)} />
                <datalist id="time-zones">
                  {timeZones.map((tz) => (
                    <option key={tz} value={tz} />
                  ))}
                </datalist>
                <FieldError field="schedule.timeZone" error={error} />
              </label>
            </>
          )}
        </div>
      </fieldset>
      <div className="form-row">
        <label className="field">
          Timeout (seconds)
          <input type="number" min={1} value={timeoutSeconds} onChange={(e) => setTimeoutSeconds(e.target.value)} />
          <FieldError field="timeoutMs" error={error} />
        </label>
        <label className="field">
          Max attempts
          <input
            type="number"
            min={1}
            max={25}
            value={maxAttempts}
            placeholder="class default"
            style={{ width: 130 }}
            onChange={(e) => setMaxAttempts(e.target.value)}
          />
          <FieldError field="maxAttempts" error={error} />
        </label>
        <label className="field">
          Fair-share weight
          <input type="number" min={1} max={100} value={scopeWeight} style={{ width: 110 }} onChange={(e) => setScopeWeight(e.target.value)} />
          <FieldError field="scopeWeight" error={error} />
        </label>
        <label className="field">
          Deadline (seconds after queued)
          <input
            type="number"
            min={1}
            step="any"
            value={deadlineSeconds}
            placeholder="none"
            style={{ width: 150 }}
            onChange={(e) => setDeadlineSeconds(e.target.value)}
          />
          <FieldError field="deadlineMs" error={error} />
        </label>
        <label className="field">
          <span>
            <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> Enabled
          </span>
        </label>
      </div>
      <div className="form-row">
        <button className="primary" type="submit" disabled={busy || !paramsValid}>
          {initial ? "Save changes" : "Create job"}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
