import type { IncomingMessage, ServerResponse } from "node:http";
import type { Env } from "../env";
import { logger } from "../logger";
import { originAllowed } from "./origin";
import { newNonce, securityHeaders } from "./security-headers";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
// Machine endpoints authenticated by a token in the request, never by the session cookie.
const TOKEN_ENDPOINTS = new Set(["/write", "/api/v2/write"]);

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * Runs before Next.js sees a request: sets the security headers (and hands Next the CSP whose nonce
 * it stamps on its scripts), and refuses a state-changing request from another origin with 403.
 * Returns false when it has answered the request itself.
 */
export function applyRequestSecurity(req: IncomingMessage, res: ServerResponse, config: Pick<Env, "PUBLIC_URL" | "NODE_ENV">, dev: boolean): boolean {
  const headers = securityHeaders({ publicUrl: config.PUBLIC_URL, dev, nonce: newNonce() });
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  req.headers["content-security-policy"] = headers["Content-Security-Policy"];
  const path = (req.url ?? "/").split("?")[0];
  if (SAFE_METHODS.has(req.method ?? "GET") || TOKEN_ENDPOINTS.has(path)) return true;
  const origin = first(req.headers.origin);
  const allowed = originAllowed({
    origin,
    secFetchSite: first(req.headers["sec-fetch-site"]),
    publicUrl: config.PUBLIC_URL,
    production: config.NODE_ENV === "production",
  });
  if (allowed) return true;
  logger.warn({ event: "http.cross_origin_refused", path, origin }, "refused a request from another origin");
  res.writeHead(403, { "content-type": "application/json" });
  res.end(
    JSON.stringify({
      error: { message: `Requests must come from ${new URL(config.PUBLIC_URL).origin} (PUBLIC_URL); this one came from ${origin ?? "another site"}.` },
    }),
  );
  return false;
}
