/**
 * A value as text: 12 significant digits at most, so calibration arithmetic (10 × 1.1 = 11.000000000000002)
 * does not show, and the chosen decimal separator.
 */
export function formatExportValue(value: number, decimal: "." | ","): string {
  const text = String(Number(value.toPrecision(12)));
  return decimal === "," ? text.replace(".", ",") : text;
}

/** UTC as "YYYY-MM-DD HH:MM:SS": what spreadsheets and Windographer read without asking for a date order. */
export function formatExportTime(time: number): string {
  return new Date(time).toISOString().slice(0, 19).replace("T", " ");
}
