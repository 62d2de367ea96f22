/**
 * The one place InfluxQL text is built from values: every identifier, string, regex and time that
 * comes from outside goes through these, so no input can end a literal and change the query.
 */

/** Identifier in double quotes: `"a\"b"`. InfluxQL unescapes \\, \" and \n inside. */
export function quoteIdentifier(name: string): string {
  return `"${escapeQuoted(name, '"')}"`;
}

/** String literal in single quotes: `'it\'s'`. */
export function quoteString(value: string): string {
  return `'${escapeQuoted(value, "'")}'`;
}

function escapeQuoted(text: string, quote: '"' | "'"): string {
  let out = "";
  for (const ch of text) {
    if (ch === "\\") out += "\\\\";
    else if (ch === quote) out += `\\${quote}`;
    // A raw newline ends the literal as a bad string; InfluxQL reads \n as a newline.
    else if (ch === "\n") out += "\\n";
    else out += ch;
  }
  return out;
}

/** A regex literal matching exactly one of the given values: `/^(?:a|b\.c)$/`. */
export function quoteExactRegex(values: readonly string[]): string {
  if (values.length === 0) throw new Error("quoteExactRegex needs at least one value");
  return `/^(?:${values.map(escapeRegexText).join("|")})$/`;
}

/** Regex metacharacters and the literal's own delimiter, escaped; RE2 reads \n as a newline. */
function escapeRegexText(text: string): string {
  return text
    .replace(/[\\^$.|?*+()[\]{}/]/g, (c) => `\\${c}`)
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r");
}

/** Epoch milliseconds as an InfluxQL time literal; refuses anything but a finite number. */
export function timeLiteral(epochMs: number): string {
  if (!Number.isFinite(epochMs)) throw new Error(`not a time: ${epochMs}`);
  return `${Math.trunc(epochMs)}ms`;
}

/** A duration literal from a positive integer and a unit InfluxQL knows. */
export function durationLiteral(amount: number, unit: "ms" | "s" | "m" | "h" | "d" | "w"): string {
  if (!Number.isInteger(amount) || amount <= 0) throw new Error(`not a positive integer duration: ${amount}`);
  return `${amount}${unit}`;
}
