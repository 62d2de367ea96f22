import { BlockList, isIP } from "node:net";

export interface ClientAddressOptions {
  remoteAddress: string | undefined;
  forwardedFor: string | string[] | undefined;
  trustedProxies: readonly string[];
}

const normalise = (address: string) => (address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address);

function trustList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, bits] = entry.split("/");
    const type = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return list;
}

const cache = new Map<string, BlockList>();

/**
 * The address a request came from. X-Forwarded-For is read only when the socket peer is a trusted
 * proxy, right to left, skipping trusted hops: the first untrusted hop is the client (a client can
 * prepend anything to the header, but cannot forge what our own proxy appended).
 */
export function clientAddress({ remoteAddress, forwardedFor, trustedProxies }: ClientAddressOptions): string {
  const peer = normalise(remoteAddress ?? "unknown");
  if (trustedProxies.length === 0 || !isIP(peer)) return peer;
  const key = trustedProxies.join(",");
  let trusted = cache.get(key);
  if (!trusted) cache.set(key, (trusted = trustList(trustedProxies)));
  const isTrusted = (address: string) => isIP(address) !== 0 && trusted.check(address, isIP(address) === 6 ? "ipv6" : "ipv4");
  if (!isTrusted(peer)) return peer;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? "");
  const hops = header
    .split(",")
    .map((h) => normalise(h.trim()))
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!isIP(hops[i])) return peer; // garbage in the chain: fall back to the proxy itself
    if (!isTrusted(hops[i])) return hops[i];
  }
  return hops[0] ?? peer;
}
