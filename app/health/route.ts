import { answerInfluxHealth } from "@/server/ingest/answer-influx-ping";

export const dynamic = "force-dynamic";

// InfluxDB 2.x clients' health check; Gristmill's own is /api/health.
export const GET = answerInfluxHealth;
