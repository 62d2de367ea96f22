import type { WriteApi } from "./schemas";

export type WriteOutcome = "invalid" | "unauthorized" | "too_large" | "rate_limited" | "unavailable" | "internal";

const status: Record<WriteOutcome, number> = { invalid: 400, unauthorized: 401, too_large: 413, rate_limited: 429, unavailable: 503, internal: 500 };
// InfluxDB 2.x's error codes; 1.x answers {"error": message} instead.
const v2Code: Record<WriteOutcome, string> = {
  invalid: "invalid",
  unauthorized: "unauthorized",
  too_large: "request too large",
  rate_limited: "too many requests",
  unavailable: "unavailable",
  internal: "internal error",
};

/** An error answer shaped the way the InfluxDB generation the client speaks answers it. */
export function influxWriteResponse(api: WriteApi, outcome: WriteOutcome, message: string, headers: Record<string, string> = {}): Response {
  const body = api === "v1" ? { error: message } : { code: v2Code[outcome], message };
  return Response.json(body, { status: status[outcome], headers: { "x-influxdb-version": api === "v1" ? "1.8-gristmill" : "2.7-gristmill", ...headers } });
}
