import { createHmac, timingSafeEqual } from "node:crypto";
import { notificationKey } from "./channel-secrets";

interface AckClaims {
  /** incident id */
  i: string;
  /** expiry, ms since epoch */
  e: number;
  /** delivery the link was sent in, for the audit row */
  d?: string;
}

const mac = (payload: string) => createHmac("sha256", notificationKey("ack-links")).update(payload).digest("base64url");

/** `<claims>.<HMAC-SHA256>`: acknowledges one incident until it expires, without a session. */
export function signAckToken(claims: AckClaims): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
  return `${payload}.${mac(payload)}`;
}

export type AckTokenCheck = { ok: true; claims: AckClaims } | { ok: false; reason: "malformed" | "bad-signature" | "expired" };

export function verifyAckToken(token: string, now = Date.now()): AckTokenCheck {
  const [payload, signature, extra] = token.split(".");
  if (!payload || !signature || extra !== undefined || token.length > 2_000) return { ok: false, reason: "malformed" };
  const expected = Buffer.from(mac(payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: "bad-signature" };
  let claims: AckClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as AckClaims;
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (typeof claims.i !== "string" || typeof claims.e !== "number") return { ok: false, reason: "malformed" };
  if (claims.e < now) return { ok: false, reason: "expired" };
  return { ok: true, claims };
}
