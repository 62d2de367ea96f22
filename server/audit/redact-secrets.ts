const SECRET_KEY = /pass(word)?|secret|token|hash|authorization|cookie|api[-_]?key/i;
const MAX_DEPTH = 8;
// Past MAX_DEPTH a whole subtree is dropped: copying it unread could carry a secret at any depth.
const TOO_DEEP = "[redacted: nested too deep]";

/** A copy of value with every secret-looking field replaced, safe for the audit trail and logs. */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return null;
  if (depth > MAX_DEPTH && typeof value === "object") return TOO_DEEP;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.slice(0, 200).map((v) => redactSecrets(v, depth + 1));
  if (typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_KEY.test(k) ? "[redacted]" : redactSecrets(v, depth + 1)]),
    );
  }
  if (typeof value === "string" && value.length > 2_000) return `${value.slice(0, 2_000)}…`;
  return value;
}
