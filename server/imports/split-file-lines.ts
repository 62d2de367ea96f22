import { env } from "../env";
import { LoggerFileError } from "./logger-file-error";

/** A file's lines without line endings or a leading byte-order mark; a line over IMPORT_MAX_LINE_CHARS refuses the file, naming its row. */
export function splitFileLines(content: string, options: { maxLineChars?: number } = {}): string[] {
  const maxLineChars = options.maxLineChars ?? env().IMPORT_MAX_LINE_CHARS;
  const lines = content.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
  if (lines[0]?.startsWith("\uFEFF")) lines[0] = lines[0].slice(1);
  const long = lines.findIndex((l) => l.length > maxLineChars);
  if (long >= 0) throw new LoggerFileError(`is longer than ${maxLineChars} characters`, long + 1);
  return lines;
}
