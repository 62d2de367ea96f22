import { answerInfluxPing } from "@/server/ingest/answer-influx-ping";

export const dynamic = "force-dynamic";

// InfluxDB clients and Telegraf ping before they write.
export const GET = answerInfluxPing;
