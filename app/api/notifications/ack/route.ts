import { z } from "zod";
import { CLIENT_IP_HEADER } from "@/server/api/trpc";
import { db } from "@/server/db";
import { DomainError } from "@/server/errors";
import { acknowledgeByLink } from "@/server/notifications/acknowledge-by-link";
import { verifyAckToken } from "@/server/notifications/ack-links";

export const dynamic = "force-dynamic";

const tokenSchema = z.string().min(1).max(2_000);
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function page(status: number, title: string, body: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title>
<style>body{font:16px system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}button{font-size:1rem;padding:.6rem 1.2rem}</style></head>
<body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
  return new Response(html, {
    status,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "referrer-policy": "no-referrer", "x-frame-options": "DENY" },
  });
}

/** The link in a notification: a page with one button, so mail scanners that fetch links acknowledge nothing. */
export async function GET(request: Request) {
  const token = tokenSchema.safeParse(new URL(request.url).searchParams.get("token"));
  const check = token.success ? verifyAckToken(token.data) : ({ ok: false, reason: "malformed" } as const);
  if (!check.ok)
    return page(
      check.reason === "expired" ? 410 : 403,
      "Link not valid",
      `<p>${check.reason === "expired" ? "This link has expired; acknowledge the incident in the console." : "This link is not valid."}</p>`,
    );
  return page(
    200,
    "Acknowledge this incident?",
    `<form method="post"><input type="hidden" name="token" value="${escapeHtml(token.data!)}"><button type="submit">Acknowledge</button></form>`,
  );
}

export async function POST(request: Request) {
  const form = await request.formData().catch(() => null);
  const token = tokenSchema.safeParse(form?.get("token"));
  if (!token.success) return page(400, "Link not valid", "<p>This link is not valid.</p>");
  try {
    const result = await acknowledgeByLink(db, { token: token.data, clientIp: request.headers.get(CLIENT_IP_HEADER) ?? undefined });
    return page(
      200,
      result.changed ? "Acknowledged" : `Already ${result.status}`,
      `<p>Incident on <code>${escapeHtml(result.sensorKey)}</code> is ${escapeHtml(result.status)}.</p>`,
    );
  } catch (err) {
    if (err instanceof DomainError) return page(err.code === "NOT_FOUND" ? 404 : 403, "Not acknowledged", `<p>${escapeHtml(err.message)}</p>`);
    throw err;
  }
}
