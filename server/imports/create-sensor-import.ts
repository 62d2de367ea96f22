import { createHash } from "node:crypto";
import type { z } from "zod";
import { recordChange } from "../audit/audit-scope";
import type { Db } from "../db";
import { DomainError, notFound } from "../errors";
import { enqueueRun } from "../queues/enqueue-run";
import { scanLoggerFile } from "./scan-logger-file";
import { createSensorImportInput } from "./schemas";

export type CreateSensorImportOptions = z.input<typeof createSensorImportInput> & {
  createdBy?: string;
  /** For a file of a station's logger: the logger, and the columns held for a decision (the file is kept for them). */
  loggerId?: string;
  heldColumns?: string[];
  /** Keep the original for download (false for a re-import of a file already kept). */
  keepOriginal?: boolean;
  /** Where a stored reading of the same point and time differs, this file's value wins (the operator said so). */
  replaceConflicts?: boolean;
};

export const importSummarySelect = {
  id: true,
  fileName: true,
  format: true,
  timeZone: true,
  readOptions: true,
  status: true,
  rows: true,
  points: true,
  firstAt: true,
  lastAt: true,
  errors: true,
  report: true,
  loggerId: true,
  heldColumns: true,
  runId: true,
  createdAt: true,
  createdBy: true,
  finishedAt: true,
  originalBytes: true,
  source: { select: { id: true, name: true } },
} as const;

/** Every data column with its sensor key or null, in the file's order: the form two identical imports share. */
function completeColumnMap(columns: string[], requested: Record<string, string | null>): Record<string, string | null> {
  const stray = Object.keys(requested).filter((name) => !columns.includes(name));
  if (stray.length) throw new DomainError("INVALID", `The file has no column ${stray.map((s) => `"${s}"`).join(", ")}.`, { field: "columnMap" });
  const map = Object.fromEntries(columns.map((name) => [name, requested[name] ?? null]));
  const targets = Object.values(map).filter((key): key is string => key !== null);
  if (targets.length === 0) throw new DomainError("INVALID", "Map at least one column to a sensor.", { field: "columnMap" });
  const twice = targets.find((key, i) => targets.indexOf(key) !== i);
  if (twice) throw new DomainError("INVALID", `Two columns map to sensor "${twice}"; each sensor takes one column.`, { field: "columnMap" });
  return map;
}

/**
 * Checks an upload (header, mapping, sensors, every row) and queues its import job, which runs in a
 * worker. The same file with the same mapping and zone, already imported or on its way, is not queued again.
 */
export async function createSensorImport(db: Db, options: CreateSensorImportOptions) {
  const { fileName, contentBase64, timeZone, readOptions, columnMap: requested, sourceId } = createSensorImportInput.parse(options);
  const content = Buffer.from(contentBase64, "base64");
  const { columns } = await scanLoggerFile(content, { ...readOptions, timeZone, columns: [] });
  const columnMap = completeColumnMap(
    columns.map((c) => c.name),
    requested,
  );
  const keys = Object.values(columnMap).filter((key): key is string => key !== null);
  const found = new Set((await db.sensor.findMany({ where: { key: { in: keys } }, select: { key: true } })).map((s) => s.key));
  const missing = keys.filter((k) => !found.has(k));
  if (missing.length) throw new DomainError("INVALID", `No sensor with key ${missing.map((k) => `"${k}"`).join(", ")}.`, { field: "columnMap", missing });
  if (sourceId && !(await db.ingestSource.findUnique({ where: { id: sourceId }, select: { id: true } }))) throw notFound("Source");
  const { header } = await scanLoggerFile(content, { ...readOptions, timeZone, columns: Object.keys(columnMap).filter((c) => columnMap[c] !== null) });

  const sha256 = createHash("sha256").update(content).digest("hex");
  const same = await db.sensorImport.findFirst({
    where: {
      sha256,
      timeZone,
      columnMap: { equals: columnMap },
      readOptions: { equals: readOptions },
      replaceConflicts: options.replaceConflicts ?? false,
      status: { in: ["queued", "running", "succeeded"] },
    },
    select: importSummarySelect,
    orderBy: { createdAt: "desc" },
  });
  if (same) return { alreadyImported: true as const, import: same };

  const created = await db.sensorImport.create({
    data: {
      fileName,
      sha256,
      format: header.format,
      timeZone,
      readOptions,
      columnMap,
      sourceId: sourceId ?? null,
      content,
      createdBy: options.createdBy,
      loggerId: options.loggerId ?? null,
      heldColumns: options.heldColumns ?? [],
      replaceConflicts: options.replaceConflicts ?? false,
      ...(options.keepOriginal === false ? {} : { original: content, originalBytes: content.length }),
    },
    select: { id: true },
  });
  const queued = await queueSensorImport(db, { importId: created.id, fileName, createdBy: options.createdBy });
  recordChange({
    targetType: "sensorImport",
    targetId: created.id,
    after: { fileName, sha256, format: header.format, timeZone, readOptions, columnMap, runId: queued.runId },
  });
  return { alreadyImported: false as const, import: queued };
}

/** Queues the import job of a stored file (new, or held until now) and returns its summary. */
export async function queueSensorImport(db: Db, options: { importId: string; fileName: string; createdBy?: string }) {
  const run = await enqueueRun(db, {
    kind: "import",
    params: { importId: options.importId },
    priority: "P2",
    complexity: "moderate",
    timeoutMs: 30 * 60_000,
    trigger: "manual",
    triggeredBy: options.createdBy,
    jobName: `import ${options.fileName}`.slice(0, 200),
  });
  return db.sensorImport.update({ where: { id: options.importId }, data: { runId: run.id, status: "queued" }, select: importSummarySelect });
}
