/** The key of a scan's watermark, detector state and coverage: given, or derived from its scope. */
export function scanKeyOf(params: { scanKey?: string; infraType?: string; region?: string; quantity?: string }): string {
  return params.scanKey ?? `anomaly-scan:${params.infraType ?? "*"}:${params.region ?? "*"}:${params.quantity ?? "*"}`;
}
