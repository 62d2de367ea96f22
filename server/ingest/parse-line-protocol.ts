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
  constructor(readonly line: number, readonly reason: string, readonly text: string) {
    super(`unable to parse line ${line} '${text.length > 80 ? `${text.slice(0, 80)}…` : text}': ${reason}`);
    this.name = "LineProtocolError";
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const BOOLEANS: Record<string, boolean> = { t: true, T: true, true: true, True: true, TRUE: true, f: false, F: false, false: false, False: false, FALSE: false };

class Cursor {
  pos = 0;
  constructor(readonly text: string, readonly line: number) {}
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

function parseFieldValue(cur: Cursor, key: string): number | boolean | string {
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
    return out;
  }
  const raw = cur.readEscaped(", ", "");
  if (raw === "") cur.fail(`missing value for field "${key}"`);
  if (raw in BOOLEANS) return BOOLEANS[raw];
  const suffix = raw.at(-1);
  if (suffix === "i" || suffix === "u") {
    const digits = raw.slice(0, -1);
    if (!/^[+-]?\d+$/.test(digits)) cur.fail(`invalid ${suffix === "i" ? "integer" : "unsigned"} "${raw}" in field "${key}"`);
    const value = BigInt(digits);
    if (suffix === "i" ? value < INT64_MIN || value > INT64_MAX : value < 0n || value > UINT64_MAX) cur.fail(`value "${raw}" out of range in field "${key}"`);
    return Number(value);
  }
  if (!FLOAT.test(raw)) cur.fail(`invalid number "${raw}" in field "${key}"`);
  const value = Number(raw);
  if (!Number.isFinite(value)) cur.fail(`value "${raw}" out of range in field "${key}"`);
  return value;
}

function parseLine(text: string, line: number): LinePoint {
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
    fields[key] = parseFieldValue(cur, key);
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
      timestamp = BigInt(raw);
      if (timestamp < INT64_MIN || timestamp > INT64_MAX) cur.fail(`timestamp "${raw}" out of range`);
    }
  }
  return { line, measurement, tags, fields, timestamp };
}

/**
 * Parses a whole line-protocol body, throwing a LineProtocolError for the first malformed line.
 * Blank lines and # comments are skipped; line numbers count every line of the body.
 */
export function parseLineProtocol(body: string): LinePoint[] {
  const points: LinePoint[] = [];
  const lines = body.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i].endsWith("\r") ? lines[i].slice(0, -1) : lines[i];
    const trimmed = text.trimStart();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    points.push(parseLine(trimmed, i + 1));
  }
  return points;
}
