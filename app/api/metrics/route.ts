import { env } from "@/server/env";
import { renderPrometheusMetrics } from "@/server/telemetry/render-prometheus-metrics";

export const dynamic = "force-dynamic";

/** Prometheus scrape target. With METRICS_TOKEN set, scrapers send it as a bearer token. */
export async function GET(req: Request) {
  const token = env().METRICS_TOKEN;
  if (token && req.headers.get("authorization") !== `Bearer ${token}`) {
    return new Response("metrics need Authorization: Bearer <METRICS_TOKEN>\n", { status: 401 });
  }
  const { contentType, body } = await renderPrometheusMetrics();
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
}
