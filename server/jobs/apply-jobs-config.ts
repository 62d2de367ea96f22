import { createHash } from "node:crypto";
import { z } from "zod";
import { withAuditScope } from "../audit/audit-scope";
import { writeAuditEvent, type AuditActor } from "../audit/write-audit-event";
import { inTransaction, type Db } from "../db";
import { DomainError } from "../errors";
import { triggerDefinitionIssues } from "../triggers/save-job-trigger";
import { triggerFields, type TriggerFields } from "../triggers/schemas";
import { syncJobTriggers } from "../triggers/sync-job-triggers";
import { findCycle } from "../workflows/dag";
import { dependencyCondition, fanOutScope } from "../workflows/schemas";
import { setJobDependencies } from "../workflows/save-dependencies";
import { readConfiguredDefinitions, workflowInclude } from "./export-jobs-config";
import { CONFIG_FIELDS, configuredJob, invalidConfig, parseJobsConfig, stringifyJobsConfig, type ConfigIssue, type ConfiguredJob } from "./jobs-config-format";
import { planJobsConfig, type JobsConfigPlan } from "./plan-jobs-config";
import { deleteJobDefinition, saveJobDefinition } from "./save-job-definition";
import { jobDefinitionFields, type JobDefinitionFields } from "./schemas";

export interface ApplyJobsConfigOptions {
  text: string;
  /** Delete definitions the file does not name; without it they are kept and listed. */
  prune: boolean;
  dryRun: boolean;
  actor: AuditActor;
  /** Where the change came from, for the audit row: the console or the CLI. */
  source: "console" | "cli";
  clientIp?: string;
  /** The basis a console preview was computed on: if the definitions changed since, nothing is applied. */
  expectedBasis?: string;
}

export interface ApplyJobsConfigResult {
  plan: JobsConfigPlan;
  basis: string;
  applied: boolean;
}

const knownFields = new Set<string>(CONFIG_FIELDS);
const isWorkflowPath = (path: string) => path === "dependsOn" || path === "fanOut";
const MAX_TRIGGERS_PER_JOB = 50;
const triggerList = z.array(z.unknown()).max(MAX_TRIGGERS_PER_JOB, `at most ${MAX_TRIGGERS_PER_JOB} triggers per job`);

/** A job's `triggers` through the console's trigger schema and against the job's kind; issues under the job's label. */
function validateTriggers(raw: unknown, label: string, job: JobDefinitionFields, issues: ConfigIssue[]): TriggerFields[] {
  if (raw === undefined) return [];
  const list = triggerList.safeParse(raw);
  if (!list.success) {
    issues.push({ path: `${label}.triggers`, message: list.error.issues[0].message });
    return [];
  }
  const valid: TriggerFields[] = [];
  const seen = new Set<string>();
  list.data.forEach((entry, j) => {
    const name =
      entry && typeof entry === "object" && typeof (entry as { name?: unknown }).name === "string"
        ? ` (${String((entry as { name: string }).name).slice(0, 100)})`
        : "";
    const at = `${label}.triggers[${j}]${name}`;
    const parsed = triggerFields.safeParse(entry);
    if (!parsed.success)
      return void issues.push(...parsed.error.issues.map((issue) => ({ path: [at, ...issue.path.map(String)].join("."), message: issue.message })));
    if (seen.has(parsed.data.name)) return void issues.push({ path: at, message: `duplicate trigger name "${parsed.data.name}"` });
    seen.add(parsed.data.name);
    issues.push(...triggerDefinitionIssues(job, parsed.data).map((issue) => ({ path: `${at}.${issue.path}`, message: issue.message })));
    valid.push(parsed.data);
  });
  return valid;
}

const dependsOnList = z
  .array(z.object({ job: z.string().min(1).max(100), on: dependencyCondition.default("success") }).strict())
  .max(20, "at most 20 upstream jobs")
  .refine((deps) => new Set(deps.map((d) => d.job)).size === deps.length, "each upstream job once");

/** A job's `dependsOn` and `fanOut`, shaped as the console's dependency schema takes them; issues under the job's label. */
function validateWorkflowFields(entry: Record<string, unknown>, label: string, issues: ConfigIssue[]): Pick<ConfiguredJob, "dependsOn" | "fanOut"> {
  const out: Pick<ConfiguredJob, "dependsOn" | "fanOut"> = {};
  if (entry.dependsOn !== undefined) {
    const deps = dependsOnList.safeParse(entry.dependsOn);
    if (!deps.success) issues.push(...deps.error.issues.map((i) => ({ path: [`${label}.dependsOn`, ...i.path.map(String)].join("."), message: i.message })));
    else if (deps.data.length) out.dependsOn = [...deps.data].sort((a, b) => (a.job < b.job ? -1 : a.job > b.job ? 1 : 0));
  }
  if (entry.fanOut !== undefined && entry.fanOut !== null) {
    const fan = fanOutScope.safeParse(entry.fanOut);
    if (!fan.success) issues.push({ path: `${label}.fanOut`, message: fan.error.issues[0].message });
    else out.fanOut = fan.data;
  }
  return out;
}

/** A cycle among the file's own dependsOn edges, named (cycles through stored jobs are refused when applying). */
function fileCycleIssue(jobs: ConfiguredJob[]): ConfigIssue | null {
  const edges = jobs.flatMap((j) => (j.dependsOn ?? []).map((d) => ({ upstreamId: d.job, downstreamId: j.name, condition: d.on })));
  const cycle = findCycle(edges);
  return cycle ? { path: "dependsOn", message: `these dependencies form a cycle: ${cycle.join(" → ")}` } : null;
}

/** Every entry through the console's schema (and its kind's parameter schema); all issues at once, by entry. */
export function validateJobsConfig(text: string): ConfiguredJob[] {
  const entries = parseJobsConfig(text);
  const issues: ConfigIssue[] = [];
  const valid: ConfiguredJob[] = [];
  const seen = new Map<string, number>();
  entries.forEach((entry, i) => {
    const label = `jobs[${i}]${entry && typeof entry === "object" && typeof (entry as { name?: unknown }).name === "string" ? ` (${String((entry as { name: string }).name).slice(0, 100)})` : ""}`;
    if (!entry || typeof entry !== "object" || Array.isArray(entry)) return void issues.push({ path: label, message: "each job is a mapping of its fields" });
    // The console's schema drops unknown keys; in a file a misspelt field would silently be lost.
    const unknown = Object.keys(entry).filter((key) => !knownFields.has(key));
    if (unknown.length)
      issues.push({
        path: label,
        message: `unknown field${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => `"${k.slice(0, 64)}"`).join(", ")} (allowed: ${CONFIG_FIELDS.join(", ")})`,
      });
    const { triggers, dependsOn, fanOut, ...definition } = entry as Record<string, unknown>;
    const workflow = validateWorkflowFields({ dependsOn, fanOut }, label, issues);
    const parsed = jobDefinitionFields.safeParse(definition);
    if (!parsed.success)
      return void issues.push(...parsed.error.issues.map((issue) => ({ path: [label, ...issue.path.map(String)].join("."), message: issue.message })));
    const first = seen.get(parsed.data.name);
    if (first !== undefined) issues.push({ path: label, message: `duplicate name "${parsed.data.name}" (also jobs[${first}])` });
    else seen.set(parsed.data.name, i);
    valid.push({ ...parsed.data, triggers: validateTriggers(triggers, label, parsed.data, issues), ...workflow });
  });
  const cycle = fileCycleIssue(valid);
  if (cycle) issues.push(cycle);
  if (issues.length) throw invalidConfig(issues);
  return valid;
}

const basisOf = (current: Array<{ fields: ConfiguredJob }>) =>
  createHash("sha256")
    .update(stringifyJobsConfig(current.map((c) => c.fields)))
    .digest("hex")
    .slice(0, 32);

/**
 * Applies a jobs file: every entry is validated before anything is written, then every create, update and
 * (with prune) delete runs in one transaction with its audit rows, through the same service as a console
 * edit (a new version each). A dry run plans and writes nothing.
 */
export async function applyJobsConfig(db: Db, options: ApplyJobsConfigOptions): Promise<ApplyJobsConfigResult> {
  const desired = validateJobsConfig(options.text);
  if (options.dryRun) {
    const current = await readConfiguredDefinitions(db);
    return { plan: planJobsConfig(current, desired, { prune: options.prune }), basis: basisOf(current), applied: false };
  }
  return withAuditScope(async (scope) => {
    const result = await inTransaction(db, async (tx) => {
      // Rows read under lock, so a console edit between the read and the writes waits rather than being overwritten unseen.
      await tx.$executeRaw`SELECT 1 FROM "JobDefinition" FOR UPDATE`;
      const current = (await tx.jobDefinition.findMany({ orderBy: { name: "asc" }, include: workflowInclude })).map((row) => ({
        id: row.id,
        fields: configuredJob(row),
      }));
      const basis = basisOf(current);
      if (options.expectedBasis && options.expectedBasis !== basis) {
        throw new DomainError("CONFLICT", "The job definitions changed since this file was previewed; preview it again.", { field: "basis" });
      }
      const plan = planJobsConfig(current, desired, { prune: options.prune });
      const changedBy = options.actor.email;
      const ids = new Map(current.map((c) => [c.fields.name, c.id]));
      const workflowChanged: ConfiguredJob[] = [];
      for (const change of plan.changes) {
        if (change.action === "create") {
          const saved = await saveJobDefinition(tx, { fields: change.fields, changedBy });
          ids.set(saved.name, saved.id);
          if (change.fields.dependsOn || change.fields.fanOut) workflowChanged.push(change.fields);
          await syncJobTriggers(tx, { definitionId: saved.id, triggers: change.fields.triggers ?? [], changedBy });
        } else if (change.action === "update") {
          if (change.changes.some((c) => isWorkflowPath(c.path))) workflowChanged.push(change.fields);
          // Triggers and workflow edges are rows of their own: changing only them makes no new version of the definition.
          if (change.changes.some((c) => c.path !== "triggers" && !c.path.startsWith("triggers.") && !isWorkflowPath(c.path)))
            await saveJobDefinition(tx, { id: change.id, fields: change.fields, changedBy });
          await syncJobTriggers(tx, { definitionId: change.id, triggers: change.fields.triggers ?? [], changedBy });
        } else if (change.action === "delete") await deleteJobDefinition(tx, { id: change.id });
      }
      // After every create, so an edge may name a job this file adds; a cycle through stored jobs is refused here and nothing is applied.
      for (const job of workflowChanged) {
        const upstream = (job.dependsOn ?? []).map((d) => {
          const id = ids.get(d.job);
          if (!id) throw invalidConfig([{ path: `${job.name}.dependsOn`, message: `unknown job "${d.job}"` }]);
          return { definitionId: id, condition: d.on };
        });
        await setJobDependencies(tx, { definitionId: ids.get(job.name)!, upstream, fanOut: job.fanOut ?? null });
      }
      if (scope.changes.length) {
        await writeAuditEvent(tx, {
          action: "jobs.applyConfig",
          actor: options.actor,
          clientIp: options.clientIp,
          input: {
            source: options.source,
            prune: options.prune,
            bytes: Buffer.byteLength(options.text),
            sha256: createHash("sha256").update(options.text).digest("hex"),
            counts: plan.counts,
          },
          changes: scope.changes,
        });
      }
      return { plan, basis, applied: scope.changes.length > 0 };
    });
    for (const effect of scope.afterCommit) await effect();
    return result;
  });
}
