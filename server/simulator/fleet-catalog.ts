/** How one quantity behaves: its unit, sampling interval, physical range and everyday shape. */
export interface QuantityProfile {
  quantity: string;
  unit: string;
  intervalSeconds: number;
  validMin: number;
  validMax: number;
  level: number;
  noise: number;
  dailyAmplitude: number;
  /** Hour (UTC) of the daily peak. */
  peakHourUtc: number;
}

export interface InfraTypeProfile {
  infraType: string;
  keyPrefix: string;
  assetName: string;
  /** Share of the fleet's assets. */
  weight: number;
  quantities: QuantityProfile[];
}

const q = (
  quantity: string,
  unit: string,
  intervalSeconds: number,
  validMin: number,
  validMax: number,
  level: number,
  noise: number,
  dailyAmplitude: number,
  peakHourUtc = 14,
): QuantityProfile => ({
  quantity,
  unit,
  intervalSeconds,
  validMin,
  validMax,
  level,
  noise,
  dailyAmplitude,
  peakHourUtc,
});

/** The simulated fleet's asset types; each asset carries one sensor per quantity. */
export const infraTypeProfiles: InfraTypeProfile[] = [
  {
    infraType: "wind_mast",
    keyPrefix: "wm",
    assetName: "Mast",
    weight: 3,
    quantities: [
      q("wind_speed", "m/s", 60, 0, 60, 7, 0.8, 2),
      q("wind_direction", "°", 60, 0, 360, 220, 6, 20),
      q("air_temperature", "°C", 300, -40, 60, 11, 0.3, 4),
    ],
  },
  {
    infraType: "power_plant",
    keyPrefix: "pp",
    assetName: "Plant",
    weight: 2,
    quantities: [
      q("power_output", "MW", 60, 0, 600, 250, 4, 60, 18),
      q("turbine_temperature", "°C", 60, 0, 900, 480, 2, 10, 18),
      q("grid_frequency", "Hz", 30, 49, 51, 50, 0.01, 0),
    ],
  },
  {
    infraType: "water_network",
    keyPrefix: "wn",
    assetName: "Station",
    weight: 3,
    quantities: [
      q("flow", "m³/h", 60, 0, 1000, 120, 3, 45, 8),
      q("pressure", "bar", 60, 0, 16, 4.2, 0.04, 0.4, 4),
      q("chlorine", "mg/L", 300, 0, 5, 0.5, 0.02, 0.05),
    ],
  },
  {
    infraType: "building",
    keyPrefix: "bd",
    assetName: "Building",
    weight: 2,
    quantities: [
      q("indoor_temperature", "°C", 300, 5, 40, 21, 0.15, 1.2),
      q("co2", "ppm", 300, 300, 5000, 650, 15, 250, 12),
      q("energy_use", "kW", 60, 0, 2000, 80, 3, 35, 12),
      q("humidity", "%", 300, 0, 100, 45, 0.8, 6),
    ],
  },
];

export const simulatedRegions = ["north", "south", "east", "west", "central", "coastal"];
