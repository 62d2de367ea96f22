/** A measured value with its unit, always: "21.4 °C", "0.82 m³/s"; "—" when there is none. */
export function formatValue(value: number | null | undefined, unit: string | null | undefined, maximumFractionDigits = 2): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  const n = value.toLocaleString("en-US", { maximumFractionDigits });
  return unit ? `${n} ${unit}` : n;
}

/** A byte size for people: "812 B", "4.2 KiB", "18.0 MiB", "1.3 GiB". */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || Number.isNaN(bytes)) return "—";
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let n = bytes / 1024;
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(1)} ${units[i]}`;
}
