/** Kinds of measurement station (IEA Wind Task 43 measurement_station_type, plus plants and water stations). */
export const stationTypes = ["mast", "lidar", "sodar", "solar", "plant", "water_station"] as const;
