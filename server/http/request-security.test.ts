import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearerTokenMatches } from "./bearer-token";
import { originAllowed } from "./origin";
import { applyRequestSecurity } from "./request-security";

/** A real HTTP server running the same guard the web process runs before Next.js. */
async function serve(config: { PUBLIC_URL: string; NODE_ENV: "production" | "development" | "test" }, dev = false) {
  const server = http.createServer((req, res) => {
    if (applyRequestSecurity(req, res, config, dev)) res.end(JSON.stringify({ handled: true, csp: req.headers["content-security-policy"] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe("security headers and origin checks (every request, before Next.js)", () => {
  let plain: Awaited<ReturnType<typeof serve>>;
  let tls: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    plain = await serve({ PUBLIC_URL: "http://console.test:3000", NODE_ENV: "production" });
    tls = await serve({ PUBLIC_URL: "https://console.example.com", NODE_ENV: "production" });
  });
  afterAll(() => {
    plain.server.close();
    tls.server.close();
  });

  it("sets CSP without unsafe-eval, frame-ancestors 'none', nosniff and Referrer-Policy on every response", async () => {
    const res = await fetch(`${plain.url}/api/health`);
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'/);
    expect(csp).not.toContain("unsafe-eval");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("strict-transport-security")).toBeNull(); // not on http
    // Next.js reads the nonce from the request's CSP header: the handler sees the same policy.
    expect(((await res.json()) as { csp: string }).csp).toBe(csp);
  });

  it("gives every response its own nonce", async () => {
    const nonce = async () => (await fetch(`${plain.url}/`)).headers.get("content-security-policy")!.match(/'nonce-([^']+)'/)![1];
    expect(await nonce()).not.toBe(await nonce());
  });

  it("adds HSTS and upgrade-insecure-requests when PUBLIC_URL is https", async () => {
    const res = await fetch(`${tls.url}/`);
    expect(res.headers.get("strict-transport-security")).toMatch(/^max-age=\d{7,}/);
    expect(res.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
  });

  it("allows eval only for next dev", async () => {
    const dev = await serve({ PUBLIC_URL: "http://localhost:3000", NODE_ENV: "development" }, true);
    expect((await fetch(`${dev.url}/`)).headers.get("content-security-policy")).toContain("'unsafe-eval'");
    dev.server.close();
  });

  const post = (url: string, headers: Record<string, string>) =>
    fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: "{}" });

  it("refuses a mutation from another origin with 403, and accepts the console's own", async () => {
    const refused = await post(`${plain.url}/api/trpc/users.create`, { origin: "https://evil.example" });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("http://console.test:3000");
    expect((await post(`${plain.url}/api/trpc/users.create`, { origin: "http://console.test:3000" })).status).toBe(200);
    expect((await post(`${plain.url}/api/trpc/users.create`, { origin: "null" })).status).toBe(403);
  });

  it("refuses a cross-site browser request that sends no Origin, lets non-browser clients through", async () => {
    expect((await post(`${plain.url}/api/trpc/auth.login`, { "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await post(`${plain.url}/api/trpc/auth.login`, {})).status).toBe(200);
  });

  it("leaves the token-authenticated write API and safe methods alone", async () => {
    expect((await post(`${plain.url}/write?db=x`, { origin: "https://evil.example" })).status).toBe(200);
    expect((await fetch(`${plain.url}/api/health`, { headers: { origin: "https://evil.example" } })).status).toBe(200);
  });

  it("accepts a loopback alias of PUBLIC_URL outside production only", () => {
    const base = { secFetchSite: "same-origin", publicUrl: "http://localhost:3000" };
    expect(originAllowed({ ...base, origin: "http://127.0.0.1:3000", production: false })).toBe(true);
    expect(originAllowed({ ...base, origin: "http://127.0.0.1:3000", production: true })).toBe(false);
    expect(originAllowed({ ...base, origin: "http://127.0.0.1:3001", production: false })).toBe(false);
  });
});

describe("bearer token comparison", () => {
  it("matches only the exact token", () => {
    const token = "a-metrics-token-of-some-length";
    expect(bearerTokenMatches(`Bearer ${token}`, token)).toBe(true);
    expect(bearerTokenMatches(`Bearer ${token}x`, token)).toBe(false);
    expect(bearerTokenMatches(`Bearer ${token.slice(0, -1)}`, token)).toBe(false);
    expect(bearerTokenMatches(token, token)).toBe(false);
    expect(bearerTokenMatches(null, token)).toBe(false);
    expect(bearerTokenMatches("Bearer ", "")).toBe(false);
  });
});
