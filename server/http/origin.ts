export interface OriginCheck {
  origin: string | undefined;
  /** Browsers send it on every request; "cross-site" without an Origin still means another site. */
  secFetchSite: string | undefined;
  publicUrl: string;
  production: boolean;
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Whether a state-changing request (or a socket.io handshake) may proceed: a browser's Origin must be
 * the console's own (PUBLIC_URL). Outside production a loopback alias of it is accepted too (localhost
 * vs 127.0.0.1), so the demo works whichever the user types. Clients that are not browsers send no
 * Origin and no Sec-Fetch-Site: they carry no ambient cookie of a victim, so they are let through.
 */
export function originAllowed({ origin, secFetchSite, publicUrl, production }: OriginCheck): boolean {
  const own = new URL(publicUrl);
  if (origin === undefined) return secFetchSite === undefined || secFetchSite === "same-origin" || secFetchSite === "none";
  let given: URL;
  try {
    given = new URL(origin);
  } catch {
    return false; // "null" (sandboxed frames, file:) and garbage
  }
  if (given.origin === own.origin) return true;
  return !production && given.protocol === own.protocol && given.port === own.port && LOOPBACK.has(given.hostname) && LOOPBACK.has(own.hostname);
}
