import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { resolveSession, SESSION_COOKIE, type SessionUser } from "@/server/auth/session";
import { roleAllows, type RoleGroup } from "@/server/auth/roles";
import { db } from "@/server/db";

/** The signed-in user for a server-rendered page; sends anyone else to the login page. */
export async function requireUser(group: RoleGroup = "viewer"): Promise<SessionUser> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  const user = await resolveSession(db, token);
  if (!user) redirect("/login");
  if (!roleAllows(group, user.role)) redirect("/?forbidden=1");
  return user;
}
