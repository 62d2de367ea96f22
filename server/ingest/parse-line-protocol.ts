import { env } from "../env";
import { parseDecimalNumber } from "../readings/parse-decimal-number";

/** One point of InfluxDB line protocol, as written (no type coercion beyond the protocol's own). */
export interface LinePoint {
  /** 1-based line number in the request body. */
  line: number;
  measurement: string;
  tags: Record<string, string>;
  fields: Record<string, number | boolean | string>;
  /** As written, in the request's precision; undefined means "now" (the server's clock). */
  timestamp?: bigint;
}

export class LineProtocolError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
    readonly text: string,
  ) {
    super(`unable to parse line ${line} '${text.length > 80 ? `${text.slice(0, 80)}…` : text}': ${reason}`);
    this.name = "LineProtocolError";
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
// A Map, not an object: `toString` or `__proto__` must not read as a boolean.
const BOOLEANS = new Map(
  Object.entries({ t: true, T: true, true: true, True: true, TRUE: true, f: false, F: false, false: false, False: false, FALSE: false }),
);
// More significant digits than any 64-bit integer has: out of range without handing BigInt a huge string.
const INT64_DIGITS = 20;

export interface LineProtocolLimits {
  /** Longest line, in characters (UTF-16 code units), the line ending excluded. */
  maxLineChars: number;
  /** Longest field value, in characters, quotes included. */
  maxFieldValueChars: number;
}

function significantDigits(digits: string): number {
  let i = digits[0] === "+" || digits[0] === "-" ? 1 : 0;
  while (digits[i] === "0") i += 1;
  return digits.length - i;
}

class Cursor {
  pos = 0;
  constructor(
    readonly text: string,
    readonly line: number,
  ) {}
  fail(reason: string): never {
    throw new LineProtocolError(this.line, reason, this.text);
  }
  get done() {
    return this.pos >= this.text.length;
  }
  ch(): string | undefined {
    return this.text[this.pos];
  }
  /** Reads up to an unescaped stop character; a backslash escapes any of `escapable`. */
  readEscaped(stops: string, escapable: string): string {
    let out = "";
    while (!this.done && !stops.includes(this.ch()!)) {
      const next = this.text[this.pos + 1];
      if (this.ch() === "\\" && next !== undefined && escapable.includes(next)) {
        out += next;
        this.pos += 2;
      } else {
        out += this.ch();
        this.pos += 1;
      }
    }
    return out;
  }
}

function parseFieldValue(cur: Cursor, key: string, limits: LineProtocolLimits): number | boolean | string {
  const start = cur.pos;
  const tooLong = () => cur.fail(`value of field "${key}" is longer than ${limits.maxFieldValueChars} characters`);
  if (cur.ch() === '"') {
    cur.pos += 1;
    let out = "";
    while (!cur.done && cur.ch() !== '"') {
      const next = cur.text[cur.pos + 1];
      if (cur.ch() === "\\" && (next === '"' || next === "\\")) {
        out += next;
        cur.pos += 2;
      } else {
        out += cur.ch();
        cur.pos += 1;
      }
    }
    if (cur.done) cur.fail(`unterminated string in field "${key}"`);
    cur.pos += 1;
    if (cur.pos - start > limits.maxFieldValueChars) tooLong();
    return out;
  }
  const raw = cur.readEscaped(", ", "");
  if (raw === "") cur.fail(`missing value for field "${key}"`);
  if (raw.length > limits.maxFieldValueChars) tooLong();
  const bool = BOOLEANS.get(raw);
  if (bool !== undefined) return bool;
  const suffix = raw.at(-1);
  if (suffix === "i" || suffix === "u") {
    const digits = raw.slice(0, -1);
    if (!/^[+-]?\d+$/.test(digits)) cur.fail(`invalid ${suffix === "i" ? "integer" : "unsigned"} "${raw}" in field "${key}"`);
    if (significantDigits(digits) > INT64_DIGITS) cur.fail(`value "${raw}" out of range in field "${key}"`);
    const value = BigInt(digits);
    if (suffix === "i" ? value < INT64_MIN || value > INT64_MAX : value < 0n || value > UINT64_MAX) cur.fail(`value "${raw}" out of range in field "${key}"`);
    return Number(value);
  }
  const value = parseDecimalNumber(raw);
  if (value === undefined) cur.fail(`invalid number "${raw}" in field "${key}"`);
  if (!Number.isFinite(value)) cur.fail(`value "${raw}" out of range in field "${key}"`);
  return value;
}

function parseLine(text: string, line: number, limits: LineProtocolLimits): LinePoint {
  const cur = new Cursor(text, line);
  const measurement = cur.readEscaped(", ", ", \\");
  if (!measurement) cur.fail("missing measurement");
  const tags: Record<string, string> = {};
  while (cur.ch() === ",") {
    cur.pos += 1;
    const key = cur.readEscaped("=, ", ",= \\");
    if (cur.ch() !== "=" || !key) cur.fail("missing tag key or value");
    cur.pos += 1;
    const value = cur.readEscaped(", ", ",= \\");
    if (!value) cur.fail(`missing value for tag "${key}"`);
    tags[key] = value;
  }
  if (cur.ch() !== " ") cur.fail("missing fields");
  while (cur.ch() === " ") cur.pos += 1;
  const fields: Record<string, number | boolean | string> = {};
  for (;;) {
    const key = cur.readEscaped("= ,", ",= \\");
    if (!key || cur.ch() !== "=") cur.fail(key ? `missing value for field "${key}"` : "missing fields");
    cur.pos += 1;
    fields[key] = parseFieldValue(cur, key, limits);
    if (cur.ch() !== ",") break;
    cur.pos += 1;
  }
  let timestamp: bigint | undefined;
  if (!cur.done) {
    if (cur.ch() !== " ") cur.fail("invalid field format");
    while (cur.ch() === " ") cur.pos += 1;
    const raw = cur.text.slice(cur.pos).trimEnd();
    if (raw) {
      if (!/^-?\d+$/.test(raw)) cur.fail(`invalid timestamp "${raw}"`);
      if (significantDigits(raw) > INT64_DIGITS) cur.fail(`timestamp "${raw}" out of range`);
      timestamp = BigInt(raw);
      if (timestamp < INT64_MIN || timestamp > INT64_MAX) cur.fail(`timestamp "${raw}" out of range`);
    }
  }
  return { line, measurement, tags, fields, timestamp };
}

/**
 * Parses a whole line-protocol body, throwing a LineProtocolError for the first malformed line.
 * Blank lines and # comments are skipped; line numbers count every line of the body. Lines and
 * field values past the limits (INGEST_MAX_LINE_CHARS, INGEST_MAX_FIELD_VALUE_CHARS by default) are refused.
 */
export function parseLineProtocol(body: string, limits?: Partial<LineProtocolLimits>): LinePoint[] {
  const resolved: LineProtocolLimits = {
    maxLineChars: limits?.maxLineChars ?? env().INGEST_MAX_LINE_CHARS,
    maxFieldValueChars: limits?.maxFieldValueChars ?? env().INGEST_MAX_FIELD_VALUE_CHARS,
  };
  const points: LinePoint[] = [];
  const lines = body.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i].endsWith("\r") ? lines[i].slice(0, -1) : lines[i];
    if (text.length > resolved.maxLineChars) throw new LineProtocolError(i + 1, `line is longer than ${resolved.maxLineChars} characters`, text);
    const trimmed = text.trimStart();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    points.push(parseLine(trimmed, i + 1, resolved));
  }
  return points;
}
