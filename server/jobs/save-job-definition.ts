import type { z } from "zod";
import { recordChange } from "../audit/audit-scope";
import { inTransaction, type Db } from "../db";
import { DomainError, isUniqueViolation, notFound } from "../errors";
import { announceDefinitionChange } from "./definition-changes";
import { jobDefinitionFields, type JobDefinitionFields } from "./schemas";

function columns(fields: JobDefinitionFields) {
  return {
    name: fields.name,
    kind: fields.kind,
    params: fields.params as object,
    priority: fields.priority,
    complexity: fields.complexity,
    cron: fields.schedule.type === "cron" ? fields.schedule.cron : null,
    timeZone: fields.schedule.type === "cron" ? fields.schedule.timeZone : "UTC",
    intervalMs: fields.schedule.type === "interval" ? fields.schedule.everyMs : null,
    timeoutMs: fields.timeoutMs,
    maxAttempts: fields.maxAttempts,
    scopeWeight: fields.scopeWeight,
    deadlineMs: fields.deadlineMs,
    enabled: fields.enabled,
  };
}

export interface SaveJobDefinitionOptions {
  /** Absent: create. */
  id?: string;
  fields: z.input<typeof jobDefinitionFields>;
  changedBy: string;
}

/** Creates or changes a definition; every change is a new version the runs refer to. */
export async function saveJobDefinition(db: Db, options: SaveJobDefinitionOptions) {
  const fields = jobDefinitionFields.parse(options.fields);
  try {
    return await inTransaction(db, async (tx) => {
      const before = options.id ? await tx.jobDefinition.findUnique({ where: { id: options.id } }) : null;
      if (options.id && !before) throw notFound("Job");
      const saved = before
        ? await tx.jobDefinition.update({ where: { id: before.id }, data: { ...columns(fields), version: { increment: 1 } } })
        : await tx.jobDefinition.create({ data: columns(fields) });
      await tx.jobDefinitionVersion.create({
        data: { definitionId: saved.id, version: saved.version, snapshot: fields as object, changedBy: options.changedBy },
      });
      recordChange({ targetType: "jobDefinition", targetId: saved.id, before: before ?? undefined, after: saved });
      await announceDefinitionChange(saved.id);
      return saved;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError("CONFLICT", `A job named "${fields.name}" already exists.`, { field: "name" });
    throw err;
  }
}

/** Pauses or resumes a definition's schedule (a new version, like any change). */
export async function setJobDefinitionEnabled(db: Db, options: { id: string; enabled: boolean; changedBy: string }) {
  return inTransaction(db, async (tx) => {
    const before = await tx.jobDefinition.findUnique({ where: { id: options.id } });
    if (!before) throw notFound("Job");
    const saved = await tx.jobDefinition.update({ where: { id: options.id }, data: { enabled: options.enabled, version: { increment: 1 } } });
    const snapshot = {
      ...((await tx.jobDefinitionVersion.findFirst({ where: { definitionId: options.id }, orderBy: { version: "desc" } }))?.snapshot as object),
      enabled: options.enabled,
    };
    await tx.jobDefinitionVersion.create({ data: { definitionId: saved.id, version: saved.version, snapshot, changedBy: options.changedBy } });
    recordChange({ targetType: "jobDefinition", targetId: saved.id, before: { enabled: before.enabled }, after: { enabled: saved.enabled } });
    await announceDefinitionChange(saved.id);
    return saved;
  });
}

export async function deleteJobDefinition(db: Db, options: { id: string }) {
  return inTransaction(db, async (tx) => {
    const before = await tx.jobDefinition.findUnique({ where: { id: options.id } });
    if (!before) throw notFound("Job");
    await tx.jobDefinition.delete({ where: { id: options.id } });
    recordChange({ targetType: "jobDefinition", targetId: options.id, before });
    await announceDefinitionChange(options.id);
    return { id: options.id };
  });
}
