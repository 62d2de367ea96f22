export type SensorFilter = { infraType?: string; region?: string; status?: "OK" | "LATE" | "SILENT"; search?: string };
const statuses = ["OK", "LATE", "SILENT"] as const;

/** The sensor list's filter from the URL's query; unknown or oversized values are dropped (the server bounds them again). */
export function sensorFilterFromParams(params: Record<string, string | string[] | undefined>): SensorFilter {
  const one = (k: string) => {
    const v = params[k];
    const s = Array.isArray(v) ? v[0] : v;
    return s && s.length <= 200 ? s : undefined;
  };
  const status = one("status");
  return { infraType: one("infraType"), region: one("region"), search: one("search"), status: statuses.find((s) => s === status) };
}
