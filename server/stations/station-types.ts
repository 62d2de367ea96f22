/** Kinds of measurement station (IEA Wind Task 43 measurement_station_type, plus plants, water stations, buildings and other sites the sensors came from). */
export const stationTypes = ["mast", "lidar", "sodar", "solar", "plant", "water_station", "building", "other"] as const;
