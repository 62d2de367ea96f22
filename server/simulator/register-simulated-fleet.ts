import type { Db } from "../db";
import { registerSensors } from "../sensors/register-sensors";
import { adoptSensorsIntoStations } from "../stations/adopt-sensors-into-stations";
import type { SimulatedSensor } from "./build-simulated-fleet";

export const SIMULATOR_LOGGER_MAKE = "Gristmill simulator";

/**
 * Registers the simulated fleet as stations: one station per asset (its site), with one logger
 * whose columns are the asset's quantities, each a measurement point over the sensor that keeps
 * the readings. Sensors and stations already there keep what they have.
 */
export async function registerSimulatedFleet(db: Db, fleet: readonly SimulatedSensor[]) {
  const { created } = await registerSensors(db, {
    sensors: fleet.map((s) => ({
      key: s.key,
      name: s.name,
      quantity: s.quantity,
      unit: s.unit,
      infraType: s.infraType,
      region: s.region,
      site: s.site,
      intervalSeconds: s.intervalSeconds,
      validMin: s.validMin,
      validMax: s.validMax,
    })),
  });
  const adopted = await adoptSensorsIntoStations(db, {
    keys: fleet.map((s) => s.key),
    limit: fleet.length,
    logger: { make: SIMULATOR_LOGGER_MAKE, model: "simulate" },
    createdBy: "simulator",
  });
  return { created, stations: adopted.stations, createdStations: adopted.createdStations };
}
