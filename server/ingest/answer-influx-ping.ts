import { influxCompatHeaders } from "./influx-compat-version";

/** `/ping` as InfluxDB answers it (204 and its version), so clients and agents see the server up. */
export function answerInfluxPing(): Response {
  return new Response(null, { status: 204, headers: influxCompatHeaders });
}

/** `/health` as InfluxDB 2.x answers it. */
export function answerInfluxHealth(): Response {
  return Response.json(
    { name: "influxdb", message: "ready for writes", status: "pass", checks: [], version: influxCompatHeaders["x-influxdb-version"] },
    { headers: influxCompatHeaders },
  );
}
