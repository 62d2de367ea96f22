import { createHash } from "node:crypto";

/** Tokens are stored only as this hash; the token itself is shown once, at creation. */
export function hashIngestToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
