"use client";

import { useState } from "react";
import { FormError } from "@/components/ui/form-error";
import { pointStatistics, type PointStatistic } from "@/server/stations/infer-measurement-point";

export interface ProposedColumn {
  name: string;
  unit: string | null;
  processing: string | null;
  proposal: { quantity: string; heightM: number | null; orientation: string | null; statistic: PointStatistic; unit: string; recognised?: boolean };
}

export type ColumnDecision =
  | { action: "map"; name: string; quantity: string; heightM: number | null; orientation: string | null; statistic: PointStatistic; unit: string }
  | { action: "ignore"; name: string };

interface Row {
  action: "map" | "ignore";
  quantity: string;
  height: string;
  orientation: string;
  statistic: PointStatistic;
  unit: string;
}

const fromProposal = (c: ProposedColumn): Row => ({
  // A column whose name says nothing is proposed as ignored: the operator has to say what it measures.
  action: c.proposal.recognised === false ? "ignore" : "map",
  quantity: c.proposal.quantity === "unknown" ? "" : c.proposal.quantity,
  height: c.proposal.heightM === null ? "" : String(c.proposal.heightM),
  orientation: c.proposal.orientation ?? "",
  statistic: c.proposal.statistic,
  unit: c.proposal.unit === "unknown" ? "" : c.proposal.unit,
});

/**
 * One table for a logger's unmapped columns: each row is the measurement point its name proposes
 * (quantity, height, orientation, statistic, unit), editable, or "ignore". Confirmed once per logger.
 */
export function ColumnMapping({
  columns,
  confirmLabel,
  pending,
  onConfirm,
  onCancel,
}: {
  columns: ProposedColumn[];
  confirmLabel: string;
  pending: boolean;
  onConfirm: (decisions: ColumnDecision[]) => void;
  onCancel?: () => void;
}) {
  const [rows, setRows] = useState<Record<string, Row>>(() => Object.fromEntries(columns.map((c) => [c.name, fromProposal(c)])));
  const [problem, setProblem] = useState<string | null>(null);
  const set = (name: string, change: Partial<Row>) => setRows((all) => ({ ...all, [name]: { ...all[name], ...change } }));
  const confirm = () => {
    const incomplete = columns.filter((c) => rows[c.name].action === "map" && (!rows[c.name].quantity.trim() || !rows[c.name].unit.trim()));
    if (incomplete.length) return setProblem(`Give a quantity and unit for ${incomplete.map((c) => c.name).join(", ")}, or ignore it.`);
    const badHeight = columns.find((c) => rows[c.name].action === "map" && rows[c.name].height.trim() && !Number.isFinite(Number(rows[c.name].height)));
    if (badHeight) return setProblem(`The height of ${badHeight.name} is not a number.`);
    setProblem(null);
    onConfirm(
      columns.map((c): ColumnDecision => {
        const r = rows[c.name];
        if (r.action === "ignore") return { action: "ignore", name: c.name };
        return {
          action: "map",
          name: c.name,
          quantity: r.quantity.trim(),
          heightM: r.height.trim() ? Number(r.height) : null,
          orientation: r.orientation.trim() || null,
          statistic: r.statistic,
          unit: r.unit.trim(),
        };
      }),
    );
  };
  return (
    <div data-testid="column-mapping">
      <table className="data">
        <thead>
          <tr>
            <th>Column</th>
            <th>In the file</th>
            <th>Use</th>
            <th>Quantity</th>
            <th>Height (m)</th>
            <th>Orientation</th>
            <th>Statistic</th>
            <th>Unit</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((c) => {
            const r = rows[c.name];
            const off = r.action === "ignore";
            return (
              <tr key={c.name} data-testid={`mapping-${c.name}`}>
                <td className="mono">{c.name}</td>
                <td className="muted">
                  {c.unit ?? "—"}
                  {c.processing ? ` (${c.processing})` : ""}
                </td>
                <td>
                  <select aria-label={`Use of ${c.name}`} value={r.action} onChange={(e) => set(c.name, { action: e.target.value as Row["action"] })}>
                    <option value="map">measurement point</option>
                    <option value="ignore">ignore</option>
                  </select>
                </td>
                <td>
                  <input
                    aria-label={`Quantity of ${c.name}`}
                    value={r.quantity}
                    disabled={off}
                    onChange={(e) => set(c.name, { quantity: e.target.value })}
                    size={18}
                    maxLength={100}
                  />
                </td>
                <td>
                  <input
                    aria-label={`Height of ${c.name}`}
                    value={r.height}
                    disabled={off}
                    onChange={(e) => set(c.name, { height: e.target.value })}
                    size={5}
                    inputMode="decimal"
                  />
                </td>
                <td>
                  <input
                    aria-label={`Orientation of ${c.name}`}
                    value={r.orientation}
                    disabled={off}
                    onChange={(e) => set(c.name, { orientation: e.target.value })}
                    size={4}
                    maxLength={10}
                  />
                </td>
                <td>
                  <select
                    aria-label={`Statistic of ${c.name}`}
                    value={r.statistic}
                    disabled={off}
                    onChange={(e) => set(c.name, { statistic: e.target.value as PointStatistic })}
                  >
                    {pointStatistics.map((s) => (
                      <option key={s} value={s}>
                        {s}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <input
                    aria-label={`Unit of ${c.name}`}
                    value={r.unit}
                    disabled={off}
                    onChange={(e) => set(c.name, { unit: e.target.value })}
                    size={7}
                    maxLength={40}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <FormError message={problem} />
      <div className="form-row" style={{ marginTop: 12 }}>
        <button className="primary" type="button" disabled={pending} onClick={confirm}>
          {confirmLabel}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </div>
  );
}
