import type { Tx } from "../db";

/**
 * Resolves the open incidents of these sensors whose every alert lies on flagged readings (alerts in
 * [from, to) prompted the look): the readings they were raised on no longer count. The incident keeps
 * its alerts; `resolvedBy` names the flag's reason.
 */
export async function resolveFlaggedAlerts(tx: Tx, options: { sensorKeys: readonly string[]; from: number; to: number }): Promise<number> {
  if (options.sensorKeys.length === 0) return 0;
  return tx.$executeRaw`
    WITH touched AS (
      SELECT DISTINCT a."incidentId" AS id, min(f.reason) AS reason
      FROM "Alert" a JOIN "Sensor" s ON s.key = a."sensorKey" JOIN "SensorFlag" f ON f."sensorId" = s.id AND a.at BETWEEN f."from" AND f."to"
      WHERE a."sensorKey" = ANY(${[...options.sensorKeys]}::text[]) AND a.at >= ${new Date(options.from)}::timestamp AND a.at < ${new Date(options.to)}::timestamp
      GROUP BY a."incidentId"
    )
    UPDATE "AlertIncident" i SET status = 'resolved', "resolvedAt" = now(), resolution = 'auto', "resolvedBy" = 'readings flagged: ' || t.reason
    FROM touched t
    WHERE i.id = t.id AND i.status <> 'resolved'
      AND NOT EXISTS (
        SELECT 1 FROM "Alert" a2 JOIN "Sensor" s2 ON s2.key = a2."sensorKey"
        WHERE a2."incidentId" = i.id
          AND NOT EXISTS (SELECT 1 FROM "SensorFlag" f2 WHERE f2."sensorId" = s2.id AND a2.at BETWEEN f2."from" AND f2."to"))`;
}
