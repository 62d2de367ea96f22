import { describe, expect, it } from "vitest";
import { inferMeasurementPoint } from "./infer-measurement-point";

const shape = (name: string, hints?: { unit?: string; processing?: string }) => {
  const p = inferMeasurementPoint(name, hints);
  return [p.quantity, p.heightM, p.orientation, p.statistic, p.unit];
};

describe("measurement points from column names", () => {
  it("reads Campbell program names: quantity, height, orientation, statistic", () => {
    expect(shape("Spd80mN")).toEqual(["wind_speed", 80, "N", "avg", "m/s"]);
    expect(shape("Spd80mNStd")).toEqual(["wind_speed", 80, "N", "sd", "m/s"]);
    expect(shape("Spd80mNMax")).toEqual(["wind_speed", 80, "N", "max", "m/s"]);
    expect(shape("Spd60mSE_Avg")).toEqual(["wind_speed", 60, "SE", "avg", "m/s"]);
    expect(shape("Dir78mS")).toEqual(["wind_direction", 78, "S", "avg", "deg"]);
    expect(shape("T2m")).toEqual(["air_temperature", 2, null, "avg", "°C"]);
    expect(shape("RH2m")).toEqual(["relative_humidity", 2, null, "avg", "%"]);
    expect(shape("P2m")).toEqual(["air_pressure", 2, null, "avg", "hPa"]);
    expect(shape("BattMin")).toEqual(["voltage", null, null, "min", "V"]);
    expect(shape("WS_ms_Avg")).toEqual(["wind_speed", null, null, "avg", "m/s"]);
    expect(shape("AirTC_Avg", { unit: "Deg C", processing: "Avg" })).toEqual(["air_temperature", null, null, "avg", "Deg C"]);
    expect(shape("BattV_Min", { unit: "Volts", processing: "Min" })).toEqual(["voltage", null, null, "min", "Volts"]);
    expect(shape("WindDir", { unit: "degrees", processing: "Smp" })).toEqual(["wind_direction", null, null, "sample", "degrees"]);
  });

  it("reads NRG SymphoniePRO channel names and Windographer labels", () => {
    expect(shape("Ch1_Anem_80.00m_N_SD_m/s")).toEqual(["wind_speed", 80, "N", "sd", "m/s"]);
    expect(shape("Ch13_Vane_78.00m_S_Avg_deg")).toEqual(["wind_direction", 78, "S", "avg", "deg"]);
    expect(shape("Ch14_Analog_2.00m_N_Avg_C")).toEqual(["air_temperature", 2, "N", "avg", "C"]);
    expect(shape("Ch17_Analog_2.00m_N_Avg_hPa")).toEqual(["air_pressure", 2, "N", "avg", "hPa"]);
    expect(shape("Ch1_Anem_80.00m_N_Gust_m/s")).toEqual(["wind_speed", 80, "N", "gust", "m/s"]);
    expect(shape("Speed 80 m N SD [m/s]")).toEqual(["wind_speed", 80, "N", "sd", "m/s"]);
    expect(shape("Direction 78 m S [°]")).toEqual(["wind_direction", 78, "S", "avg", "°"]);
    expect(shape("Temperature 2 m [°C]")).toEqual(["air_temperature", 2, null, "avg", "°C"]);
    expect(shape("Windgeschw. 80m [m/s]")).toEqual(["wind_speed", 80, null, "avg", "m/s"]);
  });

  it("says when a name tells nothing", () => {
    expect(inferMeasurementPoint("pump_state")).toMatchObject({ quantity: "unknown", recognised: false, unit: "unknown" });
    expect(inferMeasurementPoint("Spd80mN").recognised).toBe(true);
  });
});
