import type { z } from "zod";
import type { Db } from "../db";
import { createSensorImport, queueSensorImport } from "../imports/create-sensor-import";
import type { LoggerReadOptions } from "../imports/schemas";
import { decideLoggerColumns } from "./decide-logger-columns";
import { decideLoggerColumnsInput } from "./schemas";

/**
 * The operator's decisions for a logger's held (or new) columns; files kept for a column now mapped
 * are imported again for it, and a file with nothing left held gives up its stored copy.
 */
export async function settleLoggerColumns(
  db: Db,
  options: z.input<typeof decideLoggerColumnsInput> & { createdBy?: string; hints?: Map<string, { unit?: string; processing?: string }> },
) {
  const { loggerId, decisions } = decideLoggerColumnsInput.parse(options);
  const result = await decideLoggerColumns(db, { loggerId, decisions, hints: options.hints });
  const decided = new Set(decisions.map((d) => d.name));
  const keyOf = new Map(result.mapped.map((m) => [m.column, m.sensorKey]));
  const kept = await db.sensorImport.findMany({
    where: { loggerId, status: { in: ["succeeded", "held"] }, heldColumns: { hasSome: [...decided] }, content: { not: null } },
  });
  const requeued: string[] = [];
  for (const file of kept) {
    const now = file.heldColumns.filter((c) => keyOf.has(c));
    const left = file.heldColumns.filter((c) => !decided.has(c));
    if (file.status === "held") {
      // Nothing of it imported yet: this same import goes ahead with what is mapped now (and keeps its file for what is not).
      await db.sensorImport.update({
        where: { id: file.id },
        data: { heldColumns: left, columnMap: Object.fromEntries(file.heldColumns.map((c) => [c, keyOf.get(c) ?? null])) },
      });
      if (now.length) requeued.push((await queueSensorImport(db, { importId: file.id, fileName: file.fileName, createdBy: options.createdBy })).id);
      else if (!left.length)
        await db.sensorImport.update({
          where: { id: file.id },
          data: { status: "failed", errors: [{ message: "Every column of the file was ignored: nothing to import" }], content: null, finishedAt: new Date() },
        });
      continue;
    }
    if (now.length) {
      const again = await createSensorImport(db, {
        fileName: file.fileName,
        contentBase64: Buffer.from(file.content!).toString("base64"),
        timeZone: file.timeZone,
        readOptions: file.readOptions as LoggerReadOptions,
        columnMap: Object.fromEntries(now.map((c) => [c, keyOf.get(c)!])),
        createdBy: options.createdBy,
        loggerId,
        keepOriginal: false,
      });
      requeued.push(again.import.id);
    }
    await db.sensorImport.update({ where: { id: file.id }, data: { heldColumns: left, ...(left.length ? {} : { content: null }) } });
  }
  return { ...result, requeued };
}
