import type { ReportPeriodComparison } from "@/server/reports/compare-report-periods";
import { formatDelta, formatNumber, formatPercent } from "./format";

type Figure = keyof ReportPeriodComparison["delta"];

const rows: Array<{ key: Figure; label: string; percent?: boolean }> = [
  { key: "readings", label: "Readings" },
  { key: "completeness", label: "Completeness", percent: true },
  { key: "mean", label: "Mean" },
  { key: "min", label: "Min" },
  { key: "max", label: "Max" },
  { key: "stddev", label: "Std. deviation" },
  { key: "p95", label: "p95" },
  { key: "alertsCritical", label: "Critical alerts" },
  { key: "alertsWarning", label: "Warnings" },
];

/** Two periods' figures side by side with the change from A to B. */
export function ReportComparison({ a, b, delta }: ReportPeriodComparison) {
  return (
    <table className="data" data-testid="comparison-table">
      <thead>
        <tr>
          <th>Figure</th>
          <th>Period A</th>
          <th>Period B</th>
          <th>Change</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const fmt = r.percent ? formatPercent : formatNumber;
          return (
            <tr key={r.key} data-testid={`compare-${r.key}`}>
              <td>{r.label}</td>
              <td>{fmt(a[r.key])}</td>
              <td>{fmt(b[r.key])}</td>
              <td>{formatDelta(delta[r.key], r.percent ? (n) => formatPercent(n) : undefined)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
