import { describe, expect, it } from "vitest";
import { clientAddress } from "./client-address";

describe("clientAddress (TRUSTED_PROXIES)", () => {
  it("ignores X-Forwarded-For when no proxy is trusted", () => {
    expect(clientAddress({ remoteAddress: "203.0.113.9", forwardedFor: "1.2.3.4", trustedProxies: [] })).toBe("203.0.113.9");
  });

  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", () => {
    expect(clientAddress({ remoteAddress: "203.0.113.9", forwardedFor: "1.2.3.4", trustedProxies: ["10.0.0.5"] })).toBe("203.0.113.9");
  });

  it("takes the last untrusted hop from a trusted proxy, so a client's own prefix does not count", () => {
    const trustedProxies = ["10.0.0.0/8"];
    expect(clientAddress({ remoteAddress: "10.0.0.5", forwardedFor: "198.51.100.7", trustedProxies })).toBe("198.51.100.7");
    // The client sent "X-Forwarded-For: 1.2.3.4"; the proxy appended the real address.
    expect(clientAddress({ remoteAddress: "10.0.0.5", forwardedFor: "1.2.3.4, 198.51.100.7", trustedProxies })).toBe("198.51.100.7");
    // Two proxies of ours in a row.
    expect(clientAddress({ remoteAddress: "10.0.0.5", forwardedFor: ["198.51.100.7", "10.1.2.3"], trustedProxies })).toBe("198.51.100.7");
  });

  it("understands IPv4-mapped IPv6 peers and IPv6 subnets", () => {
    expect(clientAddress({ remoteAddress: "::ffff:10.0.0.5", forwardedFor: "198.51.100.7", trustedProxies: ["10.0.0.5"] })).toBe("198.51.100.7");
    expect(clientAddress({ remoteAddress: "fd00::1", forwardedFor: "2001:db8::9", trustedProxies: ["fd00::/8"] })).toBe("2001:db8::9");
  });

  it("falls back to the proxy's address when the header is missing or garbage", () => {
    expect(clientAddress({ remoteAddress: "10.0.0.5", forwardedFor: undefined, trustedProxies: ["10.0.0.5"] })).toBe("10.0.0.5");
    expect(clientAddress({ remoteAddress: "10.0.0.5", forwardedFor: "<script>", trustedProxies: ["10.0.0.5"] })).toBe("10.0.0.5");
  });
});
