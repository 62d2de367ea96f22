import { createInfluxQueryHandler } from "@/server/ingest/create-influx-query-handler";

export const dynamic = "force-dynamic";

const handler = createInfluxQueryHandler();
export const GET = handler;
export const POST = handler;
