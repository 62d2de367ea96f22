import { createHash } from "node:crypto";
import type { Db } from "../db";
import { configuredJob, stringifyJobsConfig } from "./jobs-config-format";

/** What a definition's jobs-file entry is read from: its triggers and the upstream edges it has in workflows. */
export const workflowInclude = { triggers: true, downstreamOf: { select: { condition: true, upstream: { select: { name: true } } } } } as const;

/** Every definition with its triggers, as the fields a jobs file holds, by name. */
export async function readConfiguredDefinitions(db: Db) {
  const rows = await db.jobDefinition.findMany({ orderBy: { name: "asc" }, include: workflowInclude });
  return rows.map((row) => ({ id: row.id, fields: configuredJob(row) }));
}

/** The jobs file of the definitions as they are now, and a fingerprint of it: a preview's basis. */
export async function exportJobsConfig(db: Db): Promise<{ yaml: string; basis: string }> {
  const yaml = stringifyJobsConfig((await readConfiguredDefinitions(db)).map((d) => d.fields));
  return { yaml, basis: createHash("sha256").update(yaml).digest("hex").slice(0, 32) };
}
