import type { z } from "zod";
import { recordChange } from "../audit/audit-scope";
import type { Db } from "../db";
import { DomainError, isUniqueViolation, notFound } from "../errors";
import { createLoggerInput } from "./schemas";

export async function createLogger(db: Db, options: z.input<typeof createLoggerInput>) {
  const fields = createLoggerInput.parse(options);
  if (!(await db.station.findUnique({ where: { id: fields.stationId }, select: { id: true } }))) throw notFound("Station");
  try {
    const logger = await db.logger.create({ data: fields });
    recordChange({ targetType: "logger", targetId: logger.id, after: logger });
    return logger;
  } catch (err) {
    if (isUniqueViolation(err))
      throw new DomainError("CONFLICT", `A ${fields.make} logger with serial "${fields.serial}" already exists.`, { field: "serial" });
    throw err;
  }
}
