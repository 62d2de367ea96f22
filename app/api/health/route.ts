import { readSessionToken, resolveSession } from "@/server/auth/session";
import { db } from "@/server/db";
import { checkHealth, healthHttpStatus } from "@/server/health/check-health";
import { anonymousHealthReport } from "@/server/health/anonymous-health-report";
import { guardRoute } from "@/server/http/route-errors";

export const dynamic = "force-dynamic";

/** Signed-in callers get latencies and errors; anyone else (load balancers, probes) only the statuses. */
export const GET = guardRoute("health", async (req: Request) => {
  const report = await checkHealth();
  const user = await resolveSession(db, readSessionToken(req.headers.get("cookie"))).catch(() => null);
  const body = user ? report : anonymousHealthReport(report);
  return Response.json(body, { status: healthHttpStatus(report), headers: { "cache-control": "no-store" } });
});
