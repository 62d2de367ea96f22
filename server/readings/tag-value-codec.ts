/**
 * InfluxDB 1.x line protocol cannot carry a backslash before a space or comma, a newline or a
 * carriage return in a tag value losslessly, so those (and % itself) are stored percent-encoded
 * and decoded on the way out. Ordinary keys are stored as they are.
 */
const encodings: Record<string, string> = { "%": "%25", "\\": "%5C", "\n": "%0A", "\r": "%0D" };
const decodings = Object.fromEntries(Object.entries(encodings).map(([raw, enc]) => [enc, raw]));

export function encodeTagValue(value: string): string {
  return value.replace(/[%\\\n\r]/g, (c) => encodings[c]);
}

export function decodeTagValue(stored: string): string {
  return stored.replace(/%(25|5C|0A|0D)/g, (enc) => decodings[enc]);
}
