import type { Db } from "../db";
import { parseStoredQcTests } from "./resolve-qc-tests";
import { qcTestNames, qcTests } from "./tests/registry";

/** The tests QC knows (name, title, version), every quantity default, and the point overrides with their station and point names. */
export async function getQcConfig(db: Db) {
  const rows = await db.qcConfig.findMany({
    orderBy: [{ quantity: "asc" }],
    take: 2_000,
    include: { point: { select: { id: true, name: true, quantity: true, station: { select: { name: true } }, sensor: { select: { key: true } } } } },
  });
  return {
    tests: qcTestNames.map((name) => ({ name, title: qcTests[name].title, version: qcTests[name].version, needs: qcTests[name].needs ?? null })),
    quantities: rows
      .filter((r) => r.quantity)
      .map((r) => ({ quantity: r.quantity!, tests: parseStoredQcTests(r.tests), updatedAt: r.updatedAt, updatedBy: r.updatedBy })),
    points: rows
      .filter((r) => r.point)
      .map((r) => ({
        pointId: r.point!.id,
        point: r.point!.name,
        station: r.point!.station.name,
        quantity: r.point!.quantity,
        sensorKey: r.point!.sensor.key,
        tests: parseStoredQcTests(r.tests),
        updatedAt: r.updatedAt,
        updatedBy: r.updatedBy,
      })),
  };
}
