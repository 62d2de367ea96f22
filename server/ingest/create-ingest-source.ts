import { randomBytes } from "node:crypto";
import type { z } from "zod";
import { recordChange } from "../audit/audit-scope";
import type { Db } from "../db";
import { DomainError, isUniqueViolation } from "../errors";
import { hashIngestToken } from "./hash-ingest-token";
import { createIngestSourceInput } from "./schemas";

export type CreateIngestSourceOptions = z.input<typeof createIngestSourceInput> & { createdBy?: string };

const TOKEN_PREFIX_LENGTH = 10;

/** Creates a source with a fresh token; the token is returned this once and only its hash is kept. */
export async function createIngestSource(db: Db, options: CreateIngestSourceOptions) {
  const { name, unknownSensors } = createIngestSourceInput.parse(options);
  const token = `gm_${randomBytes(32).toString("base64url")}`;
  try {
    const source = await db.ingestSource.create({
      data: { name, unknownSensors, tokenHash: hashIngestToken(token), tokenPrefix: token.slice(0, TOKEN_PREFIX_LENGTH), createdBy: options.createdBy },
      select: { id: true, name: true, unknownSensors: true, tokenPrefix: true, createdAt: true },
    });
    recordChange({ targetType: "ingestSource", targetId: source.id, after: { name, unknownSensors } });
    return { source, token };
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError("CONFLICT", `A source named "${name}" already exists.`, { field: "name" });
    throw err;
  }
}
