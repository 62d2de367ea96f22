import iconv from "iconv-lite";

export type LoggerFileEncoding = "utf8" | "utf16le" | "utf16be" | "windows1252";

export const loggerFileEncodings = ["utf8", "utf16le", "utf16be", "windows1252"] as const;

const SNIFF_BYTES = 64 * 1024;

/**
 * Which encoding a logger file is in, from its first bytes: a byte-order mark says so; else UTF-16
 * shows as NUL bytes in every other position; else valid UTF-8 is UTF-8 and anything else is read as
 * Windows-1252 (what LoggerNet and Excel on a Western-European Windows write).
 */
export function sniffLoggerEncoding(head: Buffer): LoggerFileEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return "utf8";
  if (head[0] === 0xff && head[1] === 0xfe) return "utf16le";
  if (head[0] === 0xfe && head[1] === 0xff) return "utf16be";
  const sample = head.subarray(0, SNIFF_BYTES);
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < Math.min(sample.length, 4096); i++) if (sample[i] === 0) i % 2 === 0 ? evenNul++ : oddNul++;
  const pairs = Math.min(sample.length, 4096) / 2;
  if (pairs > 0 && oddNul > pairs * 0.3 && evenNul < pairs * 0.05) return "utf16le";
  if (pairs > 0 && evenNul > pairs * 0.3 && oddNul < pairs * 0.05) return "utf16be";
  return isUtf8(sample, head.length > SNIFF_BYTES) ? "utf8" : "windows1252";
}

/** Valid UTF-8, allowing a sequence cut by the end of a sample that continues beyond it. */
function isUtf8(bytes: Buffer, truncated: boolean): boolean {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const extra = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (extra < 0) return false;
    if (i + extra >= bytes.length) return truncated || extra === 0;
    for (let k = 1; k <= extra; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return false;
    i += extra + 1;
  }
  return true;
}

/**
 * Decodes a byte stream into text chunks in the given (or sniffed) encoding, dropping a byte-order
 * mark; multi-byte characters split across chunks are kept whole (iconv-lite's streaming decoder).
 */
export async function* decodeLoggerBytes(
  source: AsyncIterable<Buffer | Uint8Array>,
  options: { encoding?: LoggerFileEncoding; onEncoding?: (encoding: LoggerFileEncoding) => void } = {},
): AsyncGenerator<string> {
  let decoder: ReturnType<typeof iconv.getDecoder> | undefined;
  let head: Buffer[] = [];
  let headBytes = 0;
  const start = (bytes: Buffer) => {
    const encoding = options.encoding ?? sniffLoggerEncoding(bytes);
    options.onEncoding?.(encoding);
    // stripBOM is iconv-lite's default: a leading BOM never reaches the header row.
    decoder = iconv.getDecoder(encoding === "windows1252" ? "win1252" : encoding);
    return decoder.write(bytes);
  };
  for await (const chunk of source) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    if (decoder) {
      const text = decoder.write(bytes);
      if (text) yield text;
      continue;
    }
    head.push(bytes);
    headBytes += bytes.length;
    if (headBytes < SNIFF_BYTES) continue;
    const text = start(Buffer.concat(head));
    head = [];
    if (text) yield text;
  }
  if (!decoder) {
    const text = start(Buffer.concat(head));
    if (text) yield text;
  }
  const rest = decoder!.end();
  if (rest) yield rest;
}
