import { createHash, randomBytes } from "node:crypto";

const PREFIX_CHARS = 10;

/** A new HTTP trigger token (`gmt_…`): shown once; only its SHA-256 and first characters are kept. */
export function newTriggerToken(): { token: string; tokenHash: string; tokenPrefix: string } {
  const token = `gmt_${randomBytes(32).toString("base64url")}`;
  return { token, tokenHash: createHash("sha256").update(token).digest("hex"), tokenPrefix: token.slice(0, PREFIX_CHARS) };
}
