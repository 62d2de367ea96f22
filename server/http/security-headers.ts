import { randomBytes } from "node:crypto";

export interface SecurityHeaderOptions {
  publicUrl: string;
  /** `next dev` needs eval for its debugging aids; a production build does not. */
  dev: boolean;
  nonce: string;
}

export const newNonce = () => randomBytes(16).toString("base64");

/**
 * Headers every response carries. Scripts run only with this request's nonce (Next.js reads it from the
 * request's CSP header and stamps its own scripts); inline style attributes stay allowed (React, charts).
 */
export function securityHeaders({ publicUrl, dev, nonce }: SecurityHeaderOptions): Record<string, string> {
  const https = new URL(publicUrl).protocol === "https:";
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
  return {
    "Content-Security-Policy": csp,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    ...(https ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}
