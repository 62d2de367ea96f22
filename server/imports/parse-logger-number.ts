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


function digitsFrom(text: string, i: number): number {
  while (i < text.length && text.charCodeAt(i) >= DIGIT_0 && text.charCodeAt(i) <= DIGIT_9) i++;
  return i;
}

/**
 * A decimal number as loggers write it (sign, digits, one decimal separator, optional exponent), in
 * one left-to-right pass so no cell can make it slow; null when the text is not such a number.
 */
export function parseLoggerNumber(text: string, decimalSeparator: "." | "," = "."): number | null {
  let i = 0;
  if (text[i] === "+" || text[i] === "-") i++;
  const intEnd = digitsFrom(text, i);
  let end = intEnd;
  let fracDigits = 0;
  if (text[end] === decimalSeparator) {
    const fracEnd = digitsFrom(text, end + 1);
    fracDigits = fracEnd - end - 1;
    end = fracEnd;
  }
  if (intEnd === i && fracDigits === 0) return null;
  if (text[end] === "e" || text[end] === "E") {
    let j = end + 1;
    if (text[j] === "+" || text[j] === "-") j++;
    const expEnd = digitsFrom(text, j);
    if (expEnd === j) return null;
    end = expEnd;
  }
  if (end !== text.length) return null;
  const value = Number(decimalSeparator === "," ? text.replace(",", ".") : text);
  return Number.isFinite(value) ? value : null;
}
