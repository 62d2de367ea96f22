import { canonical, CONFIG_FIELDS, type ConfiguredJob } from "./jobs-config-format";

export interface FieldChange {
  /** `priority`, `schedule.cron`, `params.region`… */
  path: string;
  before: unknown;
  after: unknown;
}

export type PlannedChange =
  | { action: "create"; name: string; fields: ConfiguredJob }
  | { action: "update"; name: string; id: string; fields: ConfiguredJob; changes: FieldChange[] }
  | { action: "unchanged"; name: string; id: string }
  | { action: "delete"; name: string; id: string };

export interface JobsConfigPlan {
  changes: PlannedChange[];
  counts: Record<PlannedChange["action"], number>;
  /** Definitions in the database that the file does not name, left alone because prune was not asked for. */
  notInFile: string[];
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

/** Field-level differences; objects are walked (parameters, schedule), arrays and scalars compared whole. */
export function diffFields(before: unknown, after: unknown, path = ""): FieldChange[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => diffFields(before[key], after[key], path ? `${path}.${key}` : key));
  }
  return same(before, after) ? [] : [{ path, before: before ?? null, after: after ?? null }];
}

/** Triggers by name, so a changed one diffs as `triggers.<name>.<field>` and an added one as `triggers.<name>`. */
const triggersByName = (job: ConfiguredJob) => Object.fromEntries((job.triggers ?? []).map((t) => [t.name, t]));

function fieldsDiff(current: ConfiguredJob, desired: ConfiguredJob): FieldChange[] {
  // A schedule of another type is one change, not a list of appearing and vanishing keys.
  return CONFIG_FIELDS.flatMap((field) =>
    field === "triggers"
      ? diffFields(triggersByName(current), triggersByName(desired), field)
      : field === "dependsOn"
        ? diffFields(current.dependsOn ?? [], desired.dependsOn ?? [], field)
        : field === "schedule" && current.schedule.type !== desired.schedule.type
          ? [{ path: "schedule", before: current.schedule, after: desired.schedule }]
          : diffFields(current[field], desired[field], field),
  );
}

/** What applying a file would do, by name: create, update (with each field's change), leave, and (with prune) delete. */
export function planJobsConfig(current: Array<{ id: string; fields: ConfiguredJob }>, desired: ConfiguredJob[], options: { prune: boolean }): JobsConfigPlan {
  const byName = new Map(current.map((c) => [c.fields.name, c]));
  const named = new Set(desired.map((d) => d.name));
  const changes: PlannedChange[] = desired.map((fields) => {
    const existing = byName.get(fields.name);
    if (!existing) return { action: "create", name: fields.name, fields };
    const diff = fieldsDiff(existing.fields, fields);
    return diff.length
      ? { action: "update", name: fields.name, id: existing.id, fields, changes: diff }
      : { action: "unchanged", name: fields.name, id: existing.id };
  });
  const missing = current.filter((c) => !named.has(c.fields.name));
  if (options.prune) changes.push(...missing.map((c): PlannedChange => ({ action: "delete", name: c.fields.name, id: c.id })));
  changes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const counts = { create: 0, update: 0, unchanged: 0, delete: 0 };
  for (const change of changes) counts[change.action]++;
  return { changes, counts, notInFile: options.prune ? [] : missing.map((c) => c.fields.name).sort() };
}

/** The plan as text, one line per definition and one per changed field: what the CLI prints. */
export function formatJobsConfigPlan(plan: JobsConfigPlan): string {
  const show = (v: unknown) => JSON.stringify(v);
  const lines = plan.changes.flatMap((change) => {
    if (change.action === "create") return [`+ create ${change.name} (${change.fields.kind})`];
    if (change.action === "delete") return [`- delete ${change.name}`];
    if (change.action === "unchanged") return [`  unchanged ${change.name}`];
    return [`~ update ${change.name}`, ...change.changes.map((c) => `    ${c.path}: ${show(c.before)} → ${show(c.after)}`)];
  });
  const { create, update, unchanged, delete: deleted } = plan.counts;
  lines.push(`${create} to create, ${update} to update, ${unchanged} unchanged, ${deleted} to delete`);
  if (plan.notInFile.length) lines.push(`${plan.notInFile.length} not in the file, kept (use --prune to delete): ${plan.notInFile.join(", ")}`);
  return `${lines.join("\n")}\n`;
}
