/**
 * The token a write request carries, the way InfluxDB clients send it: `Authorization: Token <t>` (2.x),
 * or the 1.x password as the `p` query parameter or in Basic auth (`u:p`); the user name is ignored.
 */
export function readIngestToken(request: Request): string | undefined {
  const header = request.headers.get("authorization") ?? "";
  const [scheme, value] = header.split(/\s+/, 2);
  if (/^token$/i.test(scheme) && value) return value;
  if (/^basic$/i.test(scheme) && value) {
    const decoded = Buffer.from(value, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon >= 0 && colon < decoded.length - 1) return decoded.slice(colon + 1);
  }
  return new URL(request.url).searchParams.get("p") || undefined;
}
