const ZERO = 48;
const NINE = 57;
const PLUS = 43;
const MINUS = 45;
const POINT = 46;

function isDigit(code: number): boolean {
  return code >= ZERO && code <= NINE;
}

/**
 * Reads a decimal number as loggers and line protocol write one: an optional sign, digits with an
 * optional point (or a point and digits), an optional exponent; nothing else (no spaces, NaN,
 * Infinity, hex or `_`). One left-to-right pass, so any input costs linear time (the regex it
 * replaced backtracked quadratically on long digit runs). Undefined when the text is not such a
 * number; ±Infinity when it is one too large for a double (the caller decides what that means).
 */
export function parseDecimalNumber(text: string): number | undefined {
  const end = text.length;
  let i = 0;
  const sign = text.charCodeAt(0);
  if (sign === PLUS || sign === MINUS) i += 1;
  const intStart = i;
  while (i < end && isDigit(text.charCodeAt(i))) i += 1;
  let digits = i - intStart;
  if (i < end && text.charCodeAt(i) === POINT) {
    i += 1;
    const fracStart = i;
    while (i < end && isDigit(text.charCodeAt(i))) i += 1;
    digits += i - fracStart;
  }
  if (digits === 0) return undefined;
  if (i < end && (text.charCodeAt(i) | 0x20) === 101 /* e or E */) {
    i += 1;
    const expSign = text.charCodeAt(i);
    if (expSign === PLUS || expSign === MINUS) i += 1;
    const expStart = i;
    while (i < end && isDigit(text.charCodeAt(i))) i += 1;
    if (i === expStart) return undefined;
  }
  return i === end ? Number(text) : undefined;
}
