import { env } from "@/server/env";
import { bearerTokenMatches } from "@/server/http/bearer-token";
import { guardRoute } from "@/server/http/route-errors";
import { renderPrometheusMetrics } from "@/server/telemetry/render-prometheus-metrics";

export const dynamic = "force-dynamic";

/** Prometheus scrape target. With METRICS_TOKEN set (required in production), scrapers send it as a bearer token. */
export const GET = guardRoute("metrics", async (req: Request) => {
  const { METRICS_TOKEN: token, NODE_ENV } = env();
  if (!token && NODE_ENV === "production") return new Response("metrics are off: set METRICS_TOKEN\n", { status: 401 });
  if (token && !bearerTokenMatches(req.headers.get("authorization"), token)) {
    return new Response("metrics need Authorization: Bearer <METRICS_TOKEN>\n", { status: 401 });
  }
  const { contentType, body } = await renderPrometheusMetrics();
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
});
