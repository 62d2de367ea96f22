/** Tick labels fitting the resolution: times within a day, dates beyond. */
export function reportTimeLabel(resolution: string) {
  return (value: string | number) => {
    const d = new Date(value);
    return resolution === "5m" || resolution === "1h" ? d.toLocaleString([], { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" }) : d.toLocaleDateString();
  };
}

export interface ReportPoint {
  windowStart: string | Date;
  min: number | null;
  mean: number | null;
  max: number | null;
  completeness: number | null;
  alertsWarning: number;
  alertsCritical: number;
}
