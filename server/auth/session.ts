import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../db";
import { env } from "../env";
import { afterCommit } from "../audit/audit-scope";
import type { Role } from "./roles";
import { publishSessionsEnded } from "./sessions-ended";

export const SESSION_COOKIE = "gm_session";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
/** The stored id of a session: the SHA-256 of its token. */
export const sessionIdFor = hashToken;
const TOUCH_AFTER_MS = 5 * 60_000;

export async function createSession(db: Db, options: { userId: string; ip?: string; userAgent?: string }): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + env().SESSION_TTL_HOURS * 3_600_000);
  await db.session.create({
    data: { id: hashToken(token), userId: options.userId, expiresAt, ip: options.ip, userAgent: options.userAgent?.slice(0, 400) },
  });
  return { token, expiresAt };
}

/** The signed-in user for a session token, or null if it is unknown, expired or the user is disabled. */
export async function resolveSession(db: Db, token: string | undefined): Promise<SessionUser | null> {
  if (!token || token.length > 200) return null;
  const session = await db.session.findUnique({
    where: { id: hashToken(token) },
    include: { user: { select: { id: true, email: true, name: true, role: true, disabled: true } } },
  });
  if (!session || session.expiresAt <= new Date() || session.user.disabled) return null;
  if (Date.now() - session.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
    // Sliding expiry, written at most every few minutes per session.
    const expiresAt = new Date(Date.now() + env().SESSION_TTL_HOURS * 3_600_000);
    await db.session.update({ where: { id: session.id }, data: { lastSeenAt: new Date(), expiresAt } });
  }
  const { id, email, name, role } = session.user;
  return { id, email, name, role };
}

/** Ends one session; its live connections in every web process close once this commits. */
export async function revokeSession(db: Db, token: string): Promise<void> {
  const id = hashToken(token);
  const session = await db.session.findUnique({ where: { id }, select: { userId: true } });
  await db.session.deleteMany({ where: { id } });
  if (session) await afterCommit(() => publishSessionsEnded({ userId: session.userId, onlySessionId: id }));
}

/** Secure whenever the console is served over https (or COOKIE_SECURE says so behind a TLS proxy). */
export function cookieIsSecure(config: { COOKIE_SECURE: boolean; PUBLIC_URL: string } = env()): boolean {
  return config.COOKIE_SECURE || new URL(config.PUBLIC_URL).protocol === "https:";
}

export function sessionCookie(token: string, expiresAt: Date): string {
  const secure = cookieIsSecure() ? "; Secure" : "";
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Expires=${expiresAt.toUTCString()}${secure}`;
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${cookieIsSecure() ? "; Secure" : ""}`;
}

export function readSessionToken(cookieHeader: string | null | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === SESSION_COOKIE) return rest.join("=") || undefined;
  }
  return undefined;
}
