"use client";

import { useState } from "react";
import { canRenderAsFields, type ParamSchema } from "./param-schema";

export type { ParamSchema };

type Params = Record<string, unknown>;

function ScalarField({
  name,
  schema,
  required,
  value,
  onChange,
}: {
  name: string;
  schema: ParamSchema;
  required: boolean;
  value: unknown;
  onChange: (v: unknown) => void;
}) {
  const label = `${name}${required ? "" : " (optional)"}`;
  const hint = [
    schema.minimum !== undefined && `≥ ${schema.minimum}`,
    schema.maximum !== undefined && `≤ ${schema.maximum}`,
    schema.default !== undefined && `default ${JSON.stringify(schema.default)}`,
  ]
    .filter(Boolean)
    .join(", ");
  if (schema.type === "boolean") {
    return (
      <label className="field">
        <span>
          <input type="checkbox" checked={Boolean(value ?? schema.default)} onChange={(e) => onChange(e.target.checked)} /> {name}
        </span>
        {schema.description && <span className="muted">{schema.description}</span>}
      </label>
    );
  }
  if (schema.enum) {
    return (
      <label className="field">
        {label}
        <select value={String(value ?? schema.default ?? "")} onChange={(e) => onChange(e.target.value || undefined)}>
          {!required && <option value="">(default)</option>}
          {schema.enum.map((v) => (
            <option key={String(v)}>{String(v)}</option>
          ))}
        </select>
      </label>
    );
  }
  const numeric = schema.type === "integer" || schema.type === "number";
  return (
    <label className="field">
      {label}
      <input
        type={numeric ? "number" : "text"}
        step={schema.type === "integer" ? 1 : "any"}
        min={schema.minimum}
        max={schema.maximum}
        maxLength={schema.maxLength}
        required={required}
        placeholder={schema.default !== undefined ? String(schema.default) : undefined}
        value={value === undefined ? "" : String(value)}
        onChange={(e) => onChange(e.target.value === "" ? undefined : numeric ? Number(e.target.value) : e.target.value)}
      />
      {(hint || schema.description) && <span className="muted">{[schema.description, hint].filter(Boolean).join(" · ")}</span>}
    </label>
  );
}

/** A job kind's parameters, as fields generated from its schema, or a JSON editor for complex shapes. */
export function ParamsFields({ schema, value, onChange }: { schema: ParamSchema; value: Params; onChange: (v: Params, valid: boolean) => void }) {
  const [asJson, setAsJson] = useState(!canRenderAsFields(schema));
  const [draft, setDraft] = useState(() => JSON.stringify(value, null, 2));
  const [jsonError, setJsonError] = useState<string | null>(null);
  const properties = Object.entries(schema.properties ?? {});

  if (asJson) {
    return (
      <fieldset className="params">
        <legend>Parameters (JSON)</legend>
        <textarea
          aria-label="Parameters as JSON"
          rows={6}
          className="mono"
          value={draft}
          onChange={(e) => {
            setDraft(e.target.value);
            try {
              const parsed = JSON.parse(e.target.value || "{}");
              if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("Parameters must be a JSON object");
              setJsonError(null);
              onChange(parsed, true);
            } catch (err) {
              setJsonError((err as Error).message);
              onChange(value, false);
            }
          }}
        />
        {jsonError && <p className="error">{jsonError}</p>}
        {canRenderAsFields(schema) && !jsonError && (
          <button type="button" onClick={() => setAsJson(false)}>
            Edit as fields
          </button>
        )}
      </fieldset>
    );
  }
  return (
    <fieldset className="params">
      <legend>Parameters</legend>
      {properties.length === 0 && <p className="muted">This kind takes no parameters.</p>}
      <div className="form-row">
        {properties.map(([name, prop]) => (
          <ScalarField
            key={name}
            name={name}
            schema={prop}
            required={schema.required?.includes(name) ?? false}
            value={value[name]}
            onChange={(v) => {
              const next = { ...value };
              if (v === undefined) delete next[name];
              else next[name] = v;
              onChange(next, true);
            }}
          />
        ))}
      </div>
      <button
        type="button"
        onClick={() => {
          setDraft(JSON.stringify(value, null, 2));
          setAsJson(true);
        }}
      >
        Edit as JSON
      </button>
    </fieldset>
  );
}
