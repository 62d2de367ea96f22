import { createInfluxWriteHandler } from "@/server/ingest/create-influx-write-handler";

export const dynamic = "force-dynamic";

/** InfluxDB 1.x write API: POST /write?db=..&precision=.. */
export const POST = createInfluxWriteHandler({ api: "v1" });
