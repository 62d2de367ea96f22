import { createHash, timingSafeEqual } from "node:crypto";

const digest = (value: string) => createHash("sha256").update(value).digest();

/** Whether an Authorization header carries exactly this bearer token, compared in constant time. */
export function bearerTokenMatches(authorization: string | null, expected: string): boolean {
  const given = authorization?.startsWith("Bearer ") ? authorization.slice(7) : "";
  // Digests have one length, so neither the comparison nor an early length check leaks the token.
  return timingSafeEqual(digest(given), digest(expected)) && given.length > 0;
}

/** The token of an `Authorization: Bearer …` header, or null. */
export function bearerTokenOf(authorization: string | null): string | null {
  const match = /^Bearer ([\x21-\x7e]{1,512})$/.exec(authorization ?? "");
  return match ? match[1] : null;
}

/** Whether a token's SHA-256 is the stored hex digest, compared in constant time. */
export function tokenMatchesHash(token: string, storedSha256Hex: string): boolean {
  const stored = Buffer.from(storedSha256Hex, "hex");
  return stored.length === 32 && timingSafeEqual(digest(token), stored);
}
