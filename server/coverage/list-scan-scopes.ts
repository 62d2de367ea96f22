import type { Db } from "../db";
import { scanKeyOf } from "../anomaly-scan/scan-key-of";
import { anomalyScanParams, type AnomalyScanParams } from "../anomaly-scan/schemas";

export interface ScanScope {
  scope: string;
  definitionId: string;
  name: string;
  params: AnomalyScanParams;
}

/** The scopes of the enabled anomaly-scan definitions (one per scan key), whether or not they have run yet. */
export async function listScanScopes(db: Db): Promise<ScanScope[]> {
  const defs = await db.jobDefinition.findMany({
    where: { kind: "anomaly-scan", enabled: true },
    orderBy: { createdAt: "asc" },
    select: { id: true, name: true, params: true },
  });
  const scopes = new Map<string, ScanScope>();
  for (const def of defs) {
    const parsed = anomalyScanParams.safeParse(def.params);
    if (!parsed.success) continue;
    const scope = scanKeyOf(parsed.data);
    if (!scopes.has(scope)) scopes.set(scope, { scope, definitionId: def.id, name: def.name, params: parsed.data });
  }
  return [...scopes.values()];
}
