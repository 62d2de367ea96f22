import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

export interface NabFile {
  /** `<category>/<file>.csv`, the key used by combined_windows.json. */
  name: string;
  timestamps: string[];
  values: number[];
}

const windowsFileSchema = z.record(z.string(), z.array(z.tuple([z.string(), z.string()])));
export type NabWindowsFile = z.infer<typeof windowsFileSchema>;

function listCsvFiles(dir: string, root = dir): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return listCsvFiles(full, root);
      return entry.isFile() && entry.name.endsWith(".csv") ? [path.relative(root, full).split(path.sep).join("/")] : [];
    })
    .sort();
}

/** Parses `timestamp,value` rows; tolerates a missing final newline, CRLF, and exponent notation. */
export function parseNabCsv(name: string, text: string): NabFile {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  const header = lines.shift()?.trim().toLowerCase();
  if (header !== "timestamp,value") throw new Error(`${name}: expected a "timestamp,value" header, got "${header}"`);
  const timestamps: string[] = [];
  const values: number[] = [];
  for (const [i, line] of lines.entries()) {
    const comma = line.indexOf(",");
    const value = Number(line.slice(comma + 1));
    if (comma < 0 || !Number.isFinite(value)) throw new Error(`${name}: row ${i + 2} is not "timestamp,value": ${line.slice(0, 80)}`);
    timestamps.push(line.slice(0, comma).trim());
    values.push(value);
  }
  return { name, timestamps, values };
}

/** Every CSV under DIR (NAB layout DIR/<category>/<file>.csv), in name order. */
export function loadNabCorpus(dataDir: string): NabFile[] {
  if (!existsSync(dataDir)) throw new Error(`No such folder: ${dataDir}`);
  const files = listCsvFiles(dataDir);
  if (files.length === 0) throw new Error(`No CSV files under ${dataDir}`);
  return files.map((name) => parseNabCsv(name, readFileSync(path.join(dataDir, name), "utf8")));
}

export function loadNabWindows(file: string): NabWindowsFile {
  return windowsFileSchema.parse(JSON.parse(readFileSync(file, "utf8")));
}

/** NAB timestamps are naive; read them as UTC so no time-zone rule shifts a row. */
export function nabTimestampToMs(timestamp: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?$/.exec(timestamp);
  if (!m) {
    const parsed = Date.parse(timestamp);
    if (Number.isNaN(parsed)) throw new Error(`Unreadable timestamp: ${timestamp}`);
    return parsed;
  }
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0);
}
