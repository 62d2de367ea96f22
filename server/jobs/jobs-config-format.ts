import { isAlias, parseDocument, stringify, visit } from "yaml";
import { z } from "zod";
import type { JobDefinition, JobTrigger } from "../db/generated/client";
import { DomainError } from "../errors";
import type { TriggerFields } from "../triggers/schemas";
import { byTriggerName, triggerConfigEntry, triggerToFields } from "../triggers/trigger-config";
import { JOBS_CONFIG_MAX_BYTES, JOBS_CONFIG_MAX_ENTRIES } from "./jobs-config-limits";
import type { JobDefinitionFields } from "./schemas";

export { JOBS_CONFIG_MAX_BYTES, JOBS_CONFIG_MAX_ENTRIES };
export const JOBS_CONFIG_VERSION = 1;

/** The fields a definition is made of, in the order a file shows them (ids, versions and timestamps are not config). */
export const CONFIG_FIELDS = [
  "name",
  "kind",
  "enabled",
  "priority",
  "complexity",
  "schedule",
  "timeoutMs",
  "maxAttempts",
  "scopeWeight",
  "deadlineMs",
  "params",
  "triggers",
  "dependsOn",
  "fanOut",
] as const;

/** A workflow edge as a jobs file writes it: the upstream job by name and the outcome it waits for. */
export interface ConfiguredDependency {
  job: string;
  on: "success" | "failure" | "any";
}

/** A definition with its triggers and workflow place, as a jobs file holds it; no `triggers`/`dependsOn`/`fanOut` is the same as none. */
export type ConfiguredJob = JobDefinitionFields & { triggers?: TriggerFields[]; dependsOn?: ConfiguredDependency[]; fanOut?: "region" | "site" };

/** What a stored definition's workflow edges and fan-out read as in a file. */
export type DefinitionWithWorkflow = JobDefinition & {
  triggers: JobTrigger[];
  downstreamOf?: Array<{ condition: ConfiguredDependency["on"]; upstream: { name: string } }>;
};

const byJob = (a: ConfiguredDependency, b: ConfiguredDependency) => (a.job < b.job ? -1 : a.job > b.job ? 1 : 0);

const documentSchema = z
  .object({
    version: z.literal(JOBS_CONFIG_VERSION, { error: `version must be ${JOBS_CONFIG_VERSION}` }),
    jobs: z.array(z.unknown()).max(JOBS_CONFIG_MAX_ENTRIES, `at most ${JOBS_CONFIG_MAX_ENTRIES} jobs in one file`).default([]),
  })
  .strict();

export interface ConfigIssue {
  /** Where in the file: `jobs[3].params.window`, or empty for the document. */
  path: string;
  message: string;
}

export const invalidConfig = (issues: ConfigIssue[]) =>
  new DomainError(
    "INVALID",
    `The jobs file is not valid: ${issues
      .slice(0, 5)
      .map((i) => (i.path ? `${i.path}: ${i.message}` : i.message))
      .join("; ")}${issues.length > 5 ? ` (and ${issues.length - 5} more)` : ""}`,
    { issues },
  );

/** Object keys sorted at every depth, so the same content always prints and compares the same. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  return value;
}

/** A stored definition as the fields the console edits (the shape `jobDefinitionFields` parses). */
export function definitionToFields(def: JobDefinition): JobDefinitionFields {
  const schedule: JobDefinitionFields["schedule"] =
    def.cron !== null
      ? { type: "cron", cron: def.cron, timeZone: def.timeZone }
      : def.intervalMs !== null
        ? { type: "interval", everyMs: def.intervalMs }
        : { type: "none" };
  return {
    name: def.name,
    kind: def.kind,
    enabled: def.enabled,
    priority: def.priority,
    complexity: def.complexity,
    schedule,
    timeoutMs: def.timeoutMs,
    maxAttempts: def.maxAttempts,
    scopeWeight: def.scopeWeight,
    deadlineMs: def.deadlineMs,
    params: canonical(def.params ?? {}) as Record<string, unknown>,
  };
}

/** A stored definition and its triggers (by name) as one entry's fields. */
export function configuredJob(def: DefinitionWithWorkflow): ConfiguredJob {
  const { triggers, downstreamOf, ...row } = def;
  const dependsOn = (downstreamOf ?? []).map((e) => ({ job: e.upstream.name, on: e.condition })).sort(byJob);
  return {
    ...definitionToFields(row),
    triggers: triggers.map(triggerToFields).sort(byTriggerName),
    ...(dependsOn.length ? { dependsOn } : {}),
    ...(row.fanOut ? { fanOut: row.fanOut } : {}),
  };
}

/** One entry of the file: the fields in a fixed order, parameters with sorted keys; `triggers` only when it has some. */
export function configEntry(fields: ConfiguredJob): Record<string, unknown> {
  const triggers = [...(fields.triggers ?? [])].sort(byTriggerName).map(triggerConfigEntry);
  return Object.fromEntries(
    CONFIG_FIELDS.flatMap((field): Array<[string, unknown]> => {
      if (field === "triggers") return triggers.length ? [[field, triggers]] : [];
      if (field === "dependsOn") return fields.dependsOn?.length ? [[field, [...fields.dependsOn].sort(byJob).map(({ job, on }) => ({ job, on }))]] : [];
      if (field === "fanOut") return fields.fanOut ? [[field, fields.fanOut]] : [];
      return [[field, field === "params" ? canonical(fields.params) : field === "schedule" ? fields.schedule : fields[field]]];
    }),
  );
}

/** The file: definitions sorted by name, one stable text for the same definitions, so it diffs well in git. */
export function stringifyJobsConfig(definitions: ConfiguredJob[]): string {
  const jobs = [...definitions].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map(configEntry);
  const header = "# Gristmill job definitions. Apply with: npm run jobs -- apply FILE [--dry-run] [--prune]\n";
  return header + stringify({ version: JOBS_CONFIG_VERSION, jobs }, { lineWidth: 0, aliasDuplicateObjects: false });
}

/**
 * `npm run jobs -- export > jobs.yaml` gets npm's "> pkg@version script" lines on stdout ahead of the file. A jobs
 * file is a mapping, so it never starts with a "> " line: those lines are dropped rather than refused.
 */
function withoutNpmBanner(text: string): string {
  return text.replace(/^\s*(?:> [^\n]*\n)+/, "");
}

/**
 * Reads a jobs file into its raw entries, refusing what could make reading it expensive or ambiguous before
 * any value is built: more than JOBS_CONFIG_MAX_BYTES, anchors and aliases (billion-laughs expansion), custom
 * tags, duplicate keys, several documents. Each entry is validated later, by the console's schema.
 */
export function parseJobsConfig(text: string): unknown[] {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > JOBS_CONFIG_MAX_BYTES) throw invalidConfig([{ path: "", message: `the file is ${bytes} bytes; at most ${JOBS_CONFIG_MAX_BYTES} are accepted` }]);
  const doc = parseDocument(withoutNpmBanner(text), { uniqueKeys: true, schema: "core", customTags: [], prettyErrors: false, strict: true });
  const issues: ConfigIssue[] = doc.errors.map((e) => ({ path: "", message: `YAML: ${e.message.split("\n")[0]}` }));
  if (doc.warnings.length) issues.push(...doc.warnings.map((w) => ({ path: "", message: `YAML: ${w.message.split("\n")[0]}` })));
  visit(doc, {
    Node(_, node) {
      if (isAlias(node) || ("anchor" in node && node.anchor)) {
        issues.push({ path: "", message: "YAML anchors and aliases are not accepted (write each value out)" });
        return visit.BREAK;
      }
      if ("tag" in node && node.tag && !node.tag.startsWith("tag:yaml.org,2002:")) {
        issues.push({ path: "", message: `YAML tag ${node.tag} is not accepted` });
        return visit.BREAK;
      }
    },
  });
  if (issues.length) throw invalidConfig(issues);
  const parsed = documentSchema.safeParse(doc.toJS({ maxAliasCount: 0 }) ?? {});
  if (!parsed.success) throw invalidConfig(parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })));
  return parsed.data.jobs;
}
