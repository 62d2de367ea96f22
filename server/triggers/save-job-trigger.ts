import type { z } from "zod";
import { recordChange } from "../audit/audit-scope";
import { inTransaction, type Db } from "../db";
import type { JobTrigger } from "../db/generated/client";
import { DomainError, isUniqueViolation, notFound } from "../errors";
import { findJobKind } from "../runs/job-kind-registry";
import { mappingIssues } from "./map-trigger-params";
import { triggerFields, type TriggerFields } from "./schemas";
import { sampleEventFields } from "./trigger-events";
import { newTriggerToken } from "./trigger-token";

/** What the console and the audit trail see of a trigger: never its token hash. */
export const triggerView = (t: JobTrigger) => {
  const { tokenHash, ...rest } = t;
  return { ...rest, hasToken: tokenHash !== null };
};

/** The mapping checked against the definition's kind: each parameter declared, each field of a fitting type. */
export function triggerDefinitionIssues(def: { kind: string; params: unknown }, fields: TriggerFields): Array<{ path: string; message: string }> {
  const kind = findJobKind(def.kind);
  if (!kind) return [{ path: "paramMap", message: `unknown job kind "${def.kind}"` }];
  return mappingIssues(kind, {
    base: def.params as Record<string, unknown>,
    paramMap: fields.paramMap,
    sample: fields.event === "http" ? null : sampleEventFields[fields.event],
  });
}

function checkAgainstDefinition(def: { kind: string; params: unknown }, fields: TriggerFields): void {
  const issues = triggerDefinitionIssues(def, fields);
  if (issues.length) throw new DomainError("INVALID", issues.map((i) => `${i.path}: ${i.message}`).join("; "), { field: issues[0].path, issues });
}

const columns = (fields: TriggerFields) => ({
  name: fields.name,
  event: fields.event,
  filter: fields.filter,
  paramMap: fields.paramMap,
  debounceSeconds: fields.debounceSeconds,
  concurrencyKey: fields.concurrencyKey,
  maxConcurrent: fields.maxConcurrent,
  overflow: fields.overflow,
  enabled: fields.enabled,
});

const conflict = (name: string) => new DomainError("CONFLICT", `This job already has a trigger named "${name}".`, { field: "name" });

export interface CreateJobTriggerOptions {
  definitionId: string;
  fields: z.input<typeof triggerFields>;
  createdBy: string;
  /** Jobs files carry no tokens: an HTTP trigger applied from one has none until someone rotates it. */
  withToken?: boolean;
}

/** Creates a trigger; an HTTP one gets a token, returned this once (only its hash is kept). */
export async function createJobTrigger(db: Db, options: CreateJobTriggerOptions) {
  const fields = triggerFields.parse(options.fields);
  const def = await db.jobDefinition.findUnique({ where: { id: options.definitionId }, select: { id: true, kind: true, params: true } });
  if (!def) throw notFound("Job");
  checkAgainstDefinition(def, fields);
  const token = fields.event === "http" && options.withToken !== false ? newTriggerToken() : null;
  try {
    const trigger = await db.jobTrigger.create({
      data: { ...columns(fields), definitionId: def.id, createdBy: options.createdBy, tokenHash: token?.tokenHash, tokenPrefix: token?.tokenPrefix },
    });
    recordChange({ targetType: "jobTrigger", targetId: trigger.id, after: triggerView(trigger) });
    return { trigger: triggerView(trigger), token: token?.token ?? null };
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(fields.name);
    throw err;
  }
}

/** Changes a trigger's fields; its token stays (an HTTP trigger turned into an event trigger loses it). */
export async function updateJobTrigger(db: Db, options: { id: string; fields: z.input<typeof triggerFields> }) {
  const fields = triggerFields.parse(options.fields);
  try {
    return await inTransaction(db, async (tx) => {
      const before = await tx.jobTrigger.findUnique({ where: { id: options.id }, include: { definition: { select: { kind: true, params: true } } } });
      if (!before) throw notFound("Trigger");
      checkAgainstDefinition(before.definition, fields);
      const keepsToken = fields.event === "http";
      const saved = await tx.jobTrigger.update({
        where: { id: options.id },
        data: { ...columns(fields), ...(keepsToken ? {} : { tokenHash: null, tokenPrefix: null }) },
      });
      const { definition: _d, ...plain } = before;
      recordChange({ targetType: "jobTrigger", targetId: saved.id, before: triggerView(plain), after: triggerView(saved) });
      return triggerView(saved);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(fields.name);
    throw err;
  }
}

export async function setJobTriggerEnabled(db: Db, options: { id: string; enabled: boolean }) {
  const before = await db.jobTrigger.findUnique({ where: { id: options.id } });
  if (!before) throw notFound("Trigger");
  const saved = await db.jobTrigger.update({ where: { id: options.id }, data: { enabled: options.enabled } });
  recordChange({ targetType: "jobTrigger", targetId: saved.id, before: { enabled: before.enabled }, after: { enabled: saved.enabled } });
  return triggerView(saved);
}

export async function deleteJobTrigger(db: Db, options: { id: string }) {
  const before = await db.jobTrigger.findUnique({ where: { id: options.id } });
  if (!before) throw notFound("Trigger");
  await db.jobTrigger.delete({ where: { id: options.id } });
  recordChange({ targetType: "jobTrigger", targetId: options.id, before: triggerView(before) });
  return { id: options.id };
}

/** A new token for an HTTP trigger, returned this once; the old one stops working at commit. */
export async function rotateJobTriggerToken(db: Db, options: { id: string }) {
  const before = await db.jobTrigger.findUnique({ where: { id: options.id } });
  if (!before) throw notFound("Trigger");
  if (before.event !== "http") throw new DomainError("INVALID", "Only HTTP triggers have a token.", { field: "event" });
  const token = newTriggerToken();
  const saved = await db.jobTrigger.update({ where: { id: options.id }, data: { tokenHash: token.tokenHash, tokenPrefix: token.tokenPrefix } });
  recordChange({ targetType: "jobTrigger", targetId: saved.id, before: { tokenPrefix: before.tokenPrefix }, after: { tokenPrefix: saved.tokenPrefix } });
  return { trigger: triggerView(saved), token: token.token };
}
