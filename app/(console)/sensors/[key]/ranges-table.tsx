import { Time } from "@/components/ui/time";

export interface MarkedRange {
  id: string;
  from: string | Date;
  to: string | Date;
  reason: string;
  createdBy: string | null;
}

/** Time ranges someone marked on a sensor (flagged, or marked good by hand): when, why, by whom, and Remove for editors. */
export function RangesTable({ ranges, testId, onRemove }: { ranges: MarkedRange[]; testId: string; onRemove?: (id: string) => void }) {
  return (
    <table className="data" data-testid={testId}>
      <thead>
        <tr>
          <th>From</th>
          <th>To</th>
          <th>Reason</th>
          <th>By</th>
          {onRemove && <th></th>}
        </tr>
      </thead>
      <tbody>
        {ranges.map((r) => (
          <tr key={r.id}>
            <td>
              <Time value={r.from} />
            </td>
            <td>
              <Time value={r.to} />
            </td>
            <td>{r.reason}</td>
            <td className="muted">{r.createdBy}</td>
            {onRemove && (
              <td>
                <button type="button" onClick={() => onRemove(r.id)}>
                  Remove
                </button>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
