export const dynamic = "force-dynamic";

/**
 * Liveness, for load balancers and process supervisors: this process answers HTTP. No dependency is
 * probed: were PostgreSQL down, /api/health's 503 on every process would make a balancer take them all
 * out, and no page could say what is down.
 */
export const GET = () => Response.json({ status: "live", uptimeSeconds: Math.round(process.uptime()) }, { headers: { "cache-control": "no-store" } });
