import { z } from "zod";
import type { JobKind } from "../runs/job-kind";

export type ParamMap = Record<string, string>;

/** The definition's parameters with each mapped parameter replaced by its event field (a missing field is left out). */
export function mapTriggerParams(base: Record<string, unknown>, paramMap: ParamMap, fields: Record<string, unknown>): Record<string, unknown> {
  const params = { ...base };
  for (const [param, field] of Object.entries(paramMap)) {
    if (fields[field] !== undefined) params[param] = fields[field];
  }
  return params;
}

export type ParamsCheck = { ok: true; params: Record<string, unknown> } | { ok: false; reason: string; issues: Array<{ path: string; message: string }> };

/** The mapped parameters through the kind's own schema: what a run of them would be given, or why not. */
export function checkTriggerParams(kind: JobKind, params: Record<string, unknown>): ParamsCheck {
  const parsed = kind.params.safeParse(params);
  if (parsed.success) return { ok: true, params };
  const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join(".") || "params", message: i.message }));
  return {
    ok: false,
    reason: issues
      .slice(0, 3)
      .map((i) => `${i.path}: ${i.message}`)
      .join("; ")
      .slice(0, 500),
    issues,
  };
}

/** The parameter names a kind's schema declares, or null when it does not say (not an object schema). */
export function declaredParams(kind: JobKind): Set<string> | null {
  const schema = z.toJSONSchema(kind.params, { io: "input", unrepresentable: "any" }) as { properties?: Record<string, unknown> };
  return schema.properties ? new Set(Object.keys(schema.properties)) : null;
}

/**
 * Save-time check of a mapping: each mapped parameter must be one the kind declares and, when a sample
 * event is known, take its field's type (values are judged at fire time against the real event).
 */
export function mappingIssues(
  kind: JobKind,
  options: { base: Record<string, unknown>; paramMap: ParamMap; sample: Record<string, unknown> | null },
): Array<{ path: string; message: string }> {
  const declared = declaredParams(kind);
  const issues: Array<{ path: string; message: string }> = [];
  for (const param of Object.keys(options.paramMap)) {
    if (declared && !declared.has(param))
      issues.push({ path: `paramMap.${param}`, message: `the job kind has no parameter "${param}" (it has: ${[...declared].join(", ") || "none"})` });
  }
  if (issues.length || !options.sample) return issues;
  const parsed = kind.params.safeParse(mapTriggerParams(options.base, options.paramMap, options.sample));
  if (parsed.success) return [];
  const mapped = new Set(Object.keys(options.paramMap));
  for (const issue of parsed.error.issues) {
    const param = String(issue.path[0] ?? "");
    if (mapped.has(param) && issue.code === "invalid_type")
      issues.push({ path: `paramMap.${param}`, message: `field "${options.paramMap[param]}" cannot be this parameter: ${issue.message}` });
  }
  return issues;
}
