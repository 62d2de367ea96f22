import { parseDecimalNumber } from "../readings/parse-decimal-number";

const DIGIT_0 = 48;
const DIGIT_9 = 57;

/** What loggers write for "no value": empty cells and Campbell's NAN/INF markers. */
const MISSING = new Set(["", "nan", "inf", "-inf", "+inf", "null", "na", "#n/a"]);

export function isMissingCell(cell: string, extra?: ReadonlySet<string>): boolean {
  if (cell === "") return true;
  const first = cell.charCodeAt(0);
  // Most cells are plain numbers: no lower-casing (an allocation) for them.
  if (first >= DIGIT_0 && first <= DIGIT_9 && !extra?.size) return false;
  return MISSING.has(cell.toLowerCase()) || (extra?.has(cell) ?? false);
}

/**
 * A cell as a finite number, with "." or "," as the decimal separator (the shared linear scan
 * reads it; with "," a point is not a number); null when it is not one.
 */
export function parseLoggerNumber(text: string, decimalSeparator: "." | "," = "."): number | null {
  if (decimalSeparator === ",") {
    if (text.includes(".")) return null;
    text = text.replace(",", ".");
  }
  const value = parseDecimalNumber(text);
  return value !== undefined && Number.isFinite(value) ? value : null;
}
