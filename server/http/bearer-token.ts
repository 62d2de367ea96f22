import { createHash, timingSafeEqual } from "node:crypto";

const digest = (value: string) => createHash("sha256").update(value).digest();

/** Whether an Authorization header carries exactly this bearer token, compared in constant time. */
export function bearerTokenMatches(authorization: string | null, expected: string): boolean {
  const given = authorization?.startsWith("Bearer ") ? authorization.slice(7) : "";
  // Digests have one length, so neither the comparison nor an early length check leaks the token.
  return timingSafeEqual(digest(given), digest(expected)) && given.length > 0;
}
