import { createInfluxWriteHandler } from "@/server/ingest/create-influx-write-handler";

export const dynamic = "force-dynamic";

/** InfluxDB 2.x write API: POST /api/v2/write?bucket=..&org=..&precision=.. */
export const POST = createInfluxWriteHandler({ api: "v2" });
