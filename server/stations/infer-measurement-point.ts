/** Statistics of a measurement point, as the IEA Wind Task 43 data model names them. */
export const pointStatistics = ["avg", "sd", "min", "max", "gust", "sum", "sample"] as const;
export type PointStatistic = (typeof pointStatistics)[number];

export interface InferredPoint {
  quantity: string;
  heightM: number | null;
  orientation: string | null;
  statistic: PointStatistic;
  unit: string;
  /** False when the name said nothing about the quantity: the operator has to say. */
  recognised: boolean;
}

// Task 43 measurement types, by what logger programs and exports call them; default unit each.
const QUANTITIES: Array<{ quantity: string; unit: string; names: RegExp }> = [
  { quantity: "wind_speed", unit: "m/s", names: /^(spd|speed|ws|wspd|windspeed|wind_?speed|anem|anemometer|u)$/ },
  { quantity: "wind_direction", unit: "deg", names: /^(dir|direction|wd|winddir|wind_?dir|vane)$/ },
  { quantity: "air_temperature", unit: "°C", names: /^(t|temp|temperature|airtc|tair|ta|airtemp)$/ },
  { quantity: "relative_humidity", unit: "%", names: /^(rh|humidity|hum|relhum)$/ },
  { quantity: "air_pressure", unit: "hPa", names: /^(p|press|pressure|baro|bp|bar)$/ },
  { quantity: "voltage", unit: "V", names: /^(batt|battv|battery|vbat|volt|voltage|supply)$/ },
  { quantity: "global_horizontal_irradiance", unit: "W/m²", names: /^(ghi|irr|irradiance|solar|rad|sr|pyr|pyranometer)$/ },
  { quantity: "precipitation", unit: "mm", names: /^(rain|precip|precipitation)$/ },
  { quantity: "power", unit: "kW", names: /^(power|pwr|kw|activepower)$/ },
];

// An analog channel (NRG) is known by its unit.
const BY_UNIT: Array<[RegExp, string]> = [
  [/^(°?c|degc|deg c)$/i, "air_temperature"],
  [/^(hpa|mb|mbar|kpa)$/i, "air_pressure"],
  [/^%\s?rh$|^%$/i, "relative_humidity"],
  [/^(v|volts?)$/i, "voltage"],
  [/^w\/(sqm|m2|m²)$/i, "global_horizontal_irradiance"],
  [/^(m\/s|mps)$/i, "wind_speed"],
  [/^(deg|°)$/i, "wind_direction"],
];

const STATISTIC_WORDS: Array<[RegExp, PointStatistic]> = [
  [/^(std|sd|stdev|stddev|sdev)$/i, "sd"],
  [/^(max|maximum)$/i, "max"],
  [/^(min|minimum)$/i, "min"],
  [/^(gust|gustdir)$/i, "gust"],
  [/^(avg|mean|ave|average|wvc)$/i, "avg"],
  [/^(tot|sum|total)$/i, "sum"],
  [/^(smp|sample)$/i, "sample"],
];

const ORIENTATION = "NNE|ENE|ESE|SSE|SSW|WSW|WNW|NNW|NE|SE|SW|NW|N|E|S|W";
// A height ("80m", "80.00m", "80 m") and, straight after it, an orientation letter group.
const HEIGHT = new RegExp(`(\\d+(?:[.,]\\d+)?)\\s?m(?![a-z])(?:[_\\s]?(${ORIENTATION})(?![a-z]))?`);

function statisticOf(word: string | undefined): PointStatistic | undefined {
  return word === undefined ? undefined : STATISTIC_WORDS.find(([re]) => re.test(word))?.[1];
}

/**
 * Proposes what a logger column measures from its name, in the spellings logger programs and
 * exports use (Spd80mN, Spd80mNStd, Dir78mS, T2m, BattMin, WS_ms_Avg,
 * Ch1_Anem_80.00m_N_SD_m/s, "Speed 80 m N SD [m/s]"), helped by the unit and processing rows of a
 * TOA5 file where there are any.
 */
export function inferMeasurementPoint(name: string, hints: { unit?: string; processing?: string } = {}): InferredPoint {
  let unit = hints.unit?.trim() || undefined;
  let text = name.trim();
  const bracket = /\s*[[(]([^\])]+)[\])]\s*$/.exec(text);
  if (bracket) {
    unit ??= bracket[1].trim();
    text = text.slice(0, bracket.index);
  }
  // NRG: Ch<n>_<Type>_<height>m_<orientation>_<statistic>_<unit>
  const nrg = /^Ch\d+_([A-Za-z]+)_(.*)$/.exec(text);
  let statistic = statisticOf(hints.processing);
  let typeWord: string | undefined;
  if (nrg) {
    typeWord = nrg[1];
    const parts = nrg[2].split("_");
    const statAt = parts.findIndex((p) => statisticOf(p));
    if (statAt >= 0) {
      statistic ??= statisticOf(parts[statAt]);
      unit ??= parts.slice(statAt + 1).join("_") || undefined;
    }
    text = `${typeWord} ${parts.slice(0, statAt < 0 ? parts.length : statAt).join(" ")}`;
  }

  const height = HEIGHT.exec(text);
  const heightM = height ? Number(height[1].replace(",", ".")) : null;
  const orientation = height?.[2] ?? null;
  const before = height ? text.slice(0, height.index) : text;
  const after = height ? text.slice(height.index + height[0].length) : "";
  const words = (s: string) => s.split(/[_\s]+|(?<=[a-z])(?=[A-Z])/).filter(Boolean);
  const head = words(before);
  const tail = words(after);
  statistic ??= statisticOf(tail.at(-1)) ?? statisticOf(head.at(-1)) ?? "avg";

  const candidates = [typeWord, head.join(""), head[0], ...head].filter((w): w is string => !!w).map((w) => w.toLowerCase());
  let known = QUANTITIES.find((q) => candidates.some((c) => q.names.test(c) || q.names.test(c.replace(/(avg|std|max|min|sd)$/, ""))));
  if ((!known || typeWord?.toLowerCase() === "analog") && unit) {
    const byUnit = BY_UNIT.find(([re]) => re.test(unit!))?.[1];
    if (byUnit) known = QUANTITIES.find((q) => q.quantity === byUnit);
  }
  // WS_ms_Avg: the unit hides in the name.
  if (!unit && /_ms_|_ms$/i.test(name)) unit = "m/s";
  return { quantity: known?.quantity ?? "unknown", heightM, orientation, statistic, unit: unit ?? known?.unit ?? "unknown", recognised: !!known };
}
