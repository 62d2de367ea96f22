import type { StationType } from "../db/generated/enums";

/** Reports group sensors by infrastructure type: a station's type says which its new points get. */
export const infraTypeOfStation: Record<StationType, string> = {
  mast: "wind_mast",
  lidar: "wind_mast",
  sodar: "wind_mast",
  solar: "solar_station",
  plant: "power_plant",
  water_station: "water_network",
  building: "building",
  other: "other",
};

/** The other way, for sensors that were registered before stations existed (write API, simulator). */
const stationOfInfraType: Record<string, StationType> = {
  wind_mast: "mast",
  solar_station: "solar",
  power_plant: "plant",
  water_network: "water_station",
  building: "building",
};

export function stationTypeOfInfraType(infraType: string): StationType {
  return Object.hasOwn(stationOfInfraType, infraType) ? stationOfInfraType[infraType] : "other";
}
