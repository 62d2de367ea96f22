import { randomBytes } from "node:crypto";
import { createId } from "./create-id";
import { recordChange } from "../audit/audit-scope";
import type { Db } from "../db";
import { DomainError, isUniqueViolation } from "../errors";
import { sealSecret } from "./channel-secrets";
import type { ChannelSecret, CreateChannelInput } from "./schemas";

/** Where a URL points, without its path or query (which often carry the token). */
export const urlHint = (url: string) => {
  const u = new URL(url);
  return `${u.protocol}//${u.host}/…`;
};

/**
 * Creates a channel with its secrets sealed. A webhook channel gets a fresh Standard Webhooks signing
 * secret, returned this once (receivers need it to verify); nothing secret is ever returned again.
 */
export async function createChannel(db: Db, options: { input: CreateChannelInput }) {
  const { input } = options;
  const id = createId("nch");
  const secret: ChannelSecret = {};
  let settings: Record<string, unknown>;
  if (input.type === "email") settings = { to: input.to };
  else {
    secret.url = input.secretUrl;
    settings = { target: urlHint(input.secretUrl) };
    if (input.type === "webhook") secret.signingSecret = `whsec_${randomBytes(24).toString("base64")}`;
  }
  try {
    const channel = await db.notificationChannel.create({
      data: {
        id,
        name: input.name,
        type: input.type,
        settings: settings as object,
        secretCipher: sealSecret(secret, id),
        rateLimitPerMinute: input.rateLimitPerMinute,
      },
      select: { id: true, name: true, type: true, settings: true, rateLimitPerMinute: true, enabled: true },
    });
    recordChange({ targetType: "notificationChannel", targetId: id, after: channel });
    return { ...channel, signingSecret: secret.signingSecret ?? null };
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError("CONFLICT", `a channel named "${input.name}" exists`);
    throw err;
  }
}
