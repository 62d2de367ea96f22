export type CoverageCellState = "covered" | "missing" | "stale" | "in_progress" | "outdated" | null;

export const cellLabels: Record<Exclude<CoverageCellState, null>, string> = {
  covered: "covered",
  stale: "stale",
  missing: "missing",
  in_progress: "in progress",
  outdated: "older detector configuration",
};

/** One row of hour cells, coloured by state; the title of each cell names its hour (UTC) and state. */
export function HeatStrip({ from, bucketMs, cells, testId }: { from: number; bucketMs: number; cells: CoverageCellState[]; testId?: string }) {
  return (
    <div className="heat-strip" data-testid={testId} role="img" aria-label={`coverage, ${cells.length} hours`}>
      {cells.map((cell, i) => (
        <span
          key={i}
          className={`heat-cell ${cell ?? "none"}`}
          data-state={cell ?? "none"}
          title={`${new Date(from + i * bucketMs).toISOString().slice(0, 16).replace("T", " ")} UTC: ${cell ? cellLabels[cell] : "no readings known"}`}
        />
      ))}
    </div>
  );
}

export function HeatLegend() {
  return (
    <p className="heat-legend muted">
      {(Object.keys(cellLabels) as Array<keyof typeof cellLabels>).map((state) => (
        <span key={state}>
          <span className={`heat-cell ${state}`} /> {cellLabels[state]}
        </span>
      ))}
      <span>
        <span className="heat-cell none" /> no readings known
      </span>
    </p>
  );
}
