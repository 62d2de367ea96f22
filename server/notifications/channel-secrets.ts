import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { env } from "../env";
import { DomainError } from "../errors";

/** The key NOTIFICATIONS_SECRET_KEY names, split by purpose so a leaked signature key reveals no secret. */
export function notificationKey(purpose: "channel-secrets" | "ack-links"): Buffer {
  const raw = env().NOTIFICATIONS_SECRET_KEY;
  if (!raw) throw new DomainError("UNAVAILABLE", "NOTIFICATIONS_SECRET_KEY is not set: notifications cannot store secrets or sign links");
  return Buffer.from(hkdfSync("sha256", Buffer.from(raw, "base64"), Buffer.alloc(0), `gristmill/${purpose}`, 32));
}

/** AES-256-GCM: `v1.<iv>.<tag>.<ciphertext>`, base64url. The channel id is bound as associated data, so ciphertexts cannot be swapped between channels. */
export function sealSecret(plain: object, channelId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", notificationKey("channel-secrets"), iv);
  cipher.setAAD(Buffer.from(channelId));
  const body = Buffer.concat([cipher.update(JSON.stringify(plain), "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), body].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
}

export function openSecret<T>(sealed: string, channelId: string): T {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || body === undefined) throw new Error("unreadable channel secret");
  const decipher = createDecipheriv("aes-256-gcm", notificationKey("channel-secrets"), Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(channelId));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return JSON.parse(Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8")) as T;
}
